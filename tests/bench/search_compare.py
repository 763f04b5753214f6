#!/usr/bin/env python3
"""PostgreSQL full-text search on Convene's corpus, the way Discourse searches, for
tests/bench/search: copies the posts from the SQLite database into PostgreSQL (a stored
`to_tsvector('english', raw)` column with a GIN index, as Discourse's post_search_data), times the
benchmark's queries with pgbench at 1 and 16 clients (`ts_rank` ordered, 50 rows), and counts, for
200 known items (posts found by an identifier they contain that few posts share), how many each
engine returns in its top 10 topics. Prints Markdown. Standard library only; talks to PostgreSQL
through psql and pgbench."""

import argparse
import csv
import json
import os
import random
import re
import sqlite3
import statistics
import subprocess
import time
import urllib.parse
import urllib.request

IDENTIFIER = re.compile(r"\b[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+\b|\b[a-z][a-z0-9]*_[a-z0-9_]+\b")


def psql(url, sql):
    return subprocess.run(["psql", "-q", "-X", "-v", "ON_ERROR_STOP=1", url, "-c", sql],
                          check=True, capture_output=True, text=True).stdout


def words_of(query):
    """The query without Convene's operators, for plainto_tsquery."""
    return " ".join(t for t in query.replace('"', " ").split() if not t.startswith("#") and ":" not in t[:-1])


def category_filter(query, slugs):
    for token in query.split():
        if token.startswith("#") and token[1:] in slugs:
            return f" AND category_id = {slugs[token[1:]]}"
    return ""


def ts_sql(query, slugs):
    q = words_of(query).replace("'", "''")
    return (f"SELECT id, topic_id FROM bench_posts, plainto_tsquery('english', '{q}') query "
            f"WHERE search_data @@ query{category_filter(query, slugs)} "
            f"ORDER BY ts_rank(search_data, query) DESC LIMIT 50;")


def percentiles(values):
    values = sorted(values)
    pick = lambda p: values[min(len(values) - 1, int(p * len(values)))]
    return pick(0.5), pick(0.99)


def pgbench(url, scripts, clients, seconds, work):
    logdir = os.path.join(work, f"pglog{clients}")
    os.makedirs(logdir, exist_ok=True)
    args = ["pgbench", "-n", "-c", str(clients), "-j", str(min(clients, 2)), "-T", str(seconds),
            "-l", "--log-prefix", os.path.join(logdir, "log")]
    for script in scripts:
        args += ["-f", script]
    out = subprocess.run(args + [url], check=True, capture_output=True, text=True).stdout
    latencies = []
    for name in os.listdir(logdir):
        with open(os.path.join(logdir, name)) as log:
            latencies += [int(line.split()[2]) / 1000 for line in log if line.strip()]
    tps = re.search(r"tps = ([\d.]+)", out)
    p50, p99 = percentiles(latencies)
    return float(tps.group(1)) if tps else 0.0, p50, p99


def convene_topics(base, query):
    url = f"{base}/search.json?q={urllib.parse.quote(query)}"
    with urllib.request.urlopen(url) as response:
        body = json.load(response)
    return [t["id"] for t in body["topics"]][:10]


def pg_topics(url, query):
    q = query.replace("'", "''")
    out = psql(url, f"\\copy (SELECT topic_id FROM bench_posts, plainto_tsquery('english', '{q}') query "
                    f"WHERE search_data @@ query ORDER BY ts_rank(search_data, query) DESC LIMIT 200) TO STDOUT")
    topics = []
    for line in out.split():
        topic = int(line)
        if topic not in topics:
            topics.append(topic)
        if len(topics) == 10:
            break
    return topics


def main():
    parser = argparse.ArgumentParser()
    for flag in ("--sqlite", "--postgres", "--base", "--queries", "--work"):
        parser.add_argument(flag, required=True)
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()

    lite = sqlite3.connect(args.sqlite)
    slugs = dict(lite.execute("SELECT slug, id FROM categories"))
    rows = lite.execute("SELECT posts.id, posts.topic_id, topics.category_id, posts.raw "
                        "FROM posts JOIN topics ON topics.id = posts.topic_id ORDER BY posts.id")
    path = os.path.join(args.work, "posts.csv")
    counts = {}
    carriers = {}
    with open(path, "w", newline="") as out:
        writer = csv.writer(out)
        for post_id, topic_id, category_id, raw in rows:
            writer.writerow((post_id, topic_id, category_id, raw))
            for identifier in set(IDENTIFIER.findall(raw)):
                counts[identifier] = counts.get(identifier, 0) + 1
                if counts[identifier] <= 3:
                    carriers.setdefault(identifier, []).append((post_id, topic_id))
    started = time.time()
    psql(args.postgres, "CREATE TABLE bench_posts (id BIGINT PRIMARY KEY, topic_id BIGINT, category_id BIGINT, "
                        "raw TEXT, search_data tsvector)")
    psql(args.postgres, f"\\copy bench_posts (id, topic_id, category_id, raw) FROM '{path}' WITH (FORMAT csv)")
    psql(args.postgres, "UPDATE bench_posts SET search_data = to_tsvector('english', raw)")
    psql(args.postgres, "CREATE INDEX bench_posts_search ON bench_posts USING gin (search_data)")
    psql(args.postgres, "VACUUM ANALYZE bench_posts")
    load_s = time.time() - started

    queries = [q for q in open(args.queries).read().splitlines() if q]
    scripts = []
    for i, query in enumerate(queries):
        script = os.path.join(args.work, f"q{i}.sql")
        with open(script, "w") as f:
            f.write(ts_sql(query, slugs) + "\n")
        scripts.append(script)
    one = pgbench(args.postgres, scripts, 1, args.seconds, args.work)
    many = pgbench(args.postgres, scripts, 16, args.seconds, args.work)

    # Known items: identifiers at most three posts carry; the first carrier is the item.
    rare = sorted(i for i, n in counts.items() if n <= 3)
    random.Random(10).shuffle(rare)
    items = [(identifier, carriers[identifier][0]) for identifier in rare[:200]]
    ours = theirs = 0
    for identifier, (_, topic) in items:
        ours += topic in convene_topics(args.base, identifier)
        theirs += topic in pg_topics(args.postgres, identifier)

    print(f"PostgreSQL full-text search on the same {len(counts) and 'corpus'} (loaded, tsvector "
          f"computed and GIN-indexed in {load_s:.0f} s), the same queries as SQL through pgbench "
          f"(no HTTP), `plainto_tsquery('english', …)`, `ts_rank` order, 50 rows:")
    print()
    print("| clients | queries/s | p50 ms | p99 ms |")
    print("| ---: | ---: | ---: | ---: |")
    for clients, (tps, p50, p99) in ((1, one), (16, many)):
        print(f"| {clients} | {tps:.0f} | {p50:.2f} | {p99:.2f} |")
    print()
    print(f"Known items (a post searched for by an identifier that at most three posts contain, "
          f"{len(items)} of them): Convene has the post's topic in its top 10 for {ours}, "
          f"PostgreSQL full-text search for {theirs}.")


if __name__ == "__main__":
    main()
