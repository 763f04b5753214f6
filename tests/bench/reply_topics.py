#!/usr/bin/env python3
"""The topics the reply benchmarks (tests/bench/reply.lua) spread their replies over.

Usage: reply_topics.py BASE_URL API_KEY USERNAME. Prints, comma-separated, the ids of the
open topics on the front page (/latest.json) that USERNAME may reply to: not closed, in a
category where /site.json gives them permission 1 (read-only categories are staff's), and not
in slow mode (/t/ID.json's slow_mode_seconds; one reply an hour there). Without this, replies
to staff-only categories were refused (403), and to the demo's slow-mode topic answered with
429, and wrk counted both as requests.
"""

import json
import sys
import urllib.request


def get(base, path, key, username):
    request = urllib.request.Request(
        base + path, headers={"Api-Key": key, "Api-Username": username}
    )
    with urllib.request.urlopen(request) as answer:
        return json.load(answer)


def main():
    base, key, username = sys.argv[1:4]
    site = get(base, "/site.json", key, username)
    may_post = {c["id"] for c in site["categories"] if c.get("permission") == 1}
    latest = get(base, "/latest.json", key, username)
    ids = [
        str(t["id"])
        for t in latest["topic_list"]["topics"]
        if not t["closed"] and t["category_id"] in may_post
    ]
    ids = [i for i in ids if not get(base, f"/t/{i}.json", key, username)["slow_mode_seconds"]]
    if not ids:
        sys.exit(f"{username} may reply to none of the topics on {base}/latest.json")
    print(",".join(ids))


main()
