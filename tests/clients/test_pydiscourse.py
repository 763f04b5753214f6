"""pydiscourse, the Discourse client on PyPI, drives a real `convene serve` through its own
public methods, unchanged: lists, topics, posts, categories, users, and its errors.

The forum is a fresh SQLite file with the demo community, started on 127.0.0.1 with the kernel
choosing the port, and stopped by its PID when the tests end (or the interpreter exits).
Run by tests/clients/run, which makes the virtualenv; CONVENE_BIN names the binary.
"""

import atexit
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import unittest
import uuid
from pathlib import Path

from pydiscourse import DiscourseClient
from pydiscourse.exceptions import DiscourseClientError

REPO = Path(__file__).resolve().parents[2]
CONVENE_BIN = os.environ.get("CONVENE_BIN", str(REPO / "target" / "debug" / "convene"))
MEMBER = "samir"  # a demo member (src/demo/mod.rs)
ADMIN = "admin"


class Forum:
    """A running `convene serve` on a fresh database with the demo community."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="convene-clients-")
        self.env = dict(
            os.environ,
            CONVENE__DATABASE__URL=f"sqlite://{self.dir}/convene.db",
            CONVENE__SERVER__BIND="127.0.0.1:0",
            CONVENE__SERVER__WORKERS="2",
            # The whole suite runs on two keys, faster than [limits] allows one key a minute;
            # pydiscourse would sleep out each 429 (tests/integration/reliability.rs tests it).
            CONVENE__LIMITS__API_KEY_REQUESTS_PER_MINUTE="0",
        )
        self.process = None
        self.convene("demo")
        self.all_users_key = self.make_key("--all-users", "--description", "pydiscourse")
        self.read_only_key = self.make_key(
            "--user", MEMBER, "--scope", "global:read", "--description", "read-only"
        )
        self.url = self.serve()

    def convene(self, *args):
        done = subprocess.run(
            [CONVENE_BIN, *args], env=self.env, capture_output=True, text=True, timeout=300
        )
        if done.returncode != 0:
            raise RuntimeError(f"convene {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
        return done.stdout

    def make_key(self, *args):
        """`convene api-key create …` prints the key alone on its last line."""
        return self.convene("api-key", "create", *args).strip().splitlines()[-1]

    def serve(self):
        self.process = subprocess.Popen(
            [CONVENE_BIN, "serve"],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        atexit.register(self.stop)
        found = {}
        seen = []
        ready = threading.Event()

        def read():
            # Reads the log to the end, so the server never blocks on a full pipe.
            for line in self.process.stdout:
                seen.append(line)
                match = re.search(r"serving on (http://127\.0\.0\.1:\d+)", line)
                if match and not ready.is_set():
                    found["url"] = match.group(1)
                    ready.set()
            ready.set()

        threading.Thread(target=read, daemon=True).start()
        if not ready.wait(60) or "url" not in found:
            self.stop()
            raise RuntimeError("convene serve did not start:\n" + "".join(seen))
        return found["url"]

    def stop(self):
        if self.process and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait()
        shutil.rmtree(self.dir, ignore_errors=True)

    def client(self, username, key=None):
        return DiscourseClient(self.url, api_username=username, api_key=key or self.all_users_key)


FORUM = None


def setUpModule():
    global FORUM
    FORUM = Forum()


def tearDownModule():
    FORUM.stop()


def unique(prefix):
    return f"{prefix} {uuid.uuid4().hex[:8]}"


def open_category(client):
    """A category the member may start topics in (permission 1 in /site.json)."""
    site = client.get_site_info()
    return next(c for c in site["categories"] if c["permission"] == 1)


class Reading(unittest.TestCase):
    def test_latest_and_top_lists(self):
        client = FORUM.client(MEMBER)
        latest = client.latest_topics()
        topics = latest["topic_list"]["topics"]
        self.assertGreater(len(topics), 0)
        self.assertTrue(all("id" in t and "title" in t for t in topics))
        self.assertTrue(latest["users"], "the posters beside the list")
        top = client.top_topics(period="all")
        self.assertGreater(len(top["topic_list"]["topics"]), 0)

    def test_a_topic_its_posts_and_a_window_of_them(self):
        client = FORUM.client(MEMBER)
        listed = client.latest_topics()["topic_list"]["topics"]
        first = max(listed, key=lambda t: t["posts_count"])
        topic = client.topic(first["slug"], first["id"])
        self.assertEqual((topic["id"], topic["title"]), (first["id"], first["title"]))
        stream = topic["post_stream"]["stream"]
        self.assertEqual(len(stream), topic["posts_count"])

        posts = client.topic_posts(first["id"])["post_stream"]["posts"]
        self.assertEqual(posts[0]["post_number"], 1)
        window = client.posts(first["id"], post_ids=stream[:2])["post_stream"]["posts"]
        self.assertEqual(sorted(p["id"] for p in window), sorted(stream[:2]))

        post = client.post_by_id(stream[0])
        self.assertEqual((post["topic_id"], post["post_number"]), (first["id"], 1))
        self.assertTrue(post["raw"])
        at_post = client.post(first["id"], 2)
        self.assertEqual(at_post["id"], first["id"], "/t/{id}/{post_number} is that topic")

    def test_latest_posts(self):
        client = FORUM.client(MEMBER)
        posts = client.latest_posts()["latest_posts"]
        ids = [p["id"] for p in posts]
        self.assertEqual(ids, sorted(ids, reverse=True), "newest first")
        older = client.latest_posts(before=ids[-1])["latest_posts"]
        self.assertTrue(all(p["id"] < ids[-1] for p in older))

    def test_categories_one_category_and_its_topics(self):
        client = FORUM.client(MEMBER)
        categories = client.categories()
        self.assertGreater(len(categories), 1)
        chosen = categories[0]
        shown = client.category(chosen["id"])["category"]
        self.assertEqual((shown["id"], shown["name"]), (chosen["id"], chosen["name"]))
        listed = client.category_topics(chosen["id"])["topic_list"]["topics"]
        self.assertTrue(all(t["category_id"] in {chosen["id"], *chosen["subcategory_ids"]} for t in listed))
        site_ids = {c["id"] for c in client.get_site_info()["categories"]}
        self.assertTrue({c["id"] for c in categories} <= site_ids)

    def test_a_user_their_actions_and_their_email(self):
        client = FORUM.client(MEMBER)
        user = client.user(MEMBER)
        self.assertEqual(user["username"], MEMBER)
        self.assertIn("post_count", user)
        actions = client.user_actions(MEMBER, "4,5")
        self.assertTrue(actions, "the demo member has written")
        self.assertTrue(all(a["username"] == MEMBER and a["action_type"] in (4, 5) for a in actions))
        self.assertIn("@", client.user_emails(MEMBER)["email"])
        with self.assertRaises(DiscourseClientError) as refused:
            client.user_emails(ADMIN)
        self.assertEqual(refused.exception.response.status_code, 403)


class Writing(unittest.TestCase):
    def test_a_member_starts_a_topic_replies_edits_and_renames(self):
        client = FORUM.client(MEMBER)
        category = open_category(client)
        title = unique("Does pydiscourse work against Convene")
        started = client.create_post(
            "Asking from a script: `np.linalg.svd` on a 2-D array.",
            category_id=category["id"],
            title=title,
        )
        topic_id = started["topic_id"]
        self.assertEqual(started["post_number"], 1)

        reply = client.create_post("A reply from the same script.", topic_id=topic_id)
        self.assertEqual((reply["topic_id"], reply["post_number"]), (topic_id, 2))

        edited = client.update_post(reply["id"], "An edited reply.", edit_reason="wording")
        self.assertEqual(edited["post"]["raw"], "An edited reply.")
        self.assertEqual(client.post_by_id(reply["id"])["raw"], "An edited reply.")

        topic = client.topic(started["topic_slug"], topic_id)
        self.assertEqual((topic["title"], topic["posts_count"]), (title, 2))

        renamed = unique("Renamed by pydiscourse")
        client.update_topic(f"/t/-/{topic_id}.json", renamed)
        self.assertEqual(client.topic(started["topic_slug"], topic_id)["title"], renamed)

    def test_staff_close_a_topic_and_replies_are_then_refused(self):
        member, admin = FORUM.client(MEMBER), FORUM.client(ADMIN)
        category = open_category(member)
        started = member.create_post(
            "A topic that will be closed.", category_id=category["id"], title=unique("Closing soon")
        )
        admin.update_topic_status(started["topic_id"], "closed", True)
        with self.assertRaises(DiscourseClientError) as refused:
            member.create_post("Too late.", topic_id=started["topic_id"])
        self.assertEqual(refused.exception.response.status_code, 403)
        self.assertIn("closed", str(refused.exception).lower())

    def test_admins_make_categories_and_accounts_and_look_people_up(self):
        admin = FORUM.client(ADMIN)
        name = unique("Made by pydiscourse")
        made = admin.create_category(name, "1D4F91")["category"]
        self.assertEqual(made["name"], name)
        changed = admin.update_category(made["id"], name=name + " (renamed)", color="0088CC")
        self.assertEqual(changed["category"]["name"], name + " (renamed)")

        username = "py_" + uuid.uuid4().hex[:8]
        created = admin.create_user(
            "Made by a script", username, f"{username}@example.org", "a long enough password", active="true"
        )
        self.assertTrue(created["success"], created)
        person = admin.user(username)
        self.assertEqual(person["username"], username)
        detail = admin.user_by_id(person["id"])
        self.assertEqual(detail["username"], username)
        staff = [u["username"] for u in admin.list_users("staff")]
        self.assertIn(ADMIN, staff)
        self.assertNotIn(username, staff)


class Refusals(unittest.TestCase):
    def test_a_wrong_key_is_a_403_the_client_reports(self):
        client = FORUM.client(MEMBER, key="0" * 64)
        with self.assertRaises(DiscourseClientError) as refused:
            client.latest_topics()
        self.assertEqual(refused.exception.response.status_code, 403)
        self.assertEqual(refused.exception.response.json()["error_type"], "invalid_access")

    def test_a_read_only_key_reads_and_may_not_write(self):
        client = FORUM.client(MEMBER, key=FORUM.read_only_key)
        self.assertTrue(client.latest_topics()["topic_list"]["topics"])
        category = open_category(client)
        with self.assertRaises(DiscourseClientError) as refused:
            client.create_post("Should not be saved.", category_id=category["id"], title=unique("Refused"))
        self.assertEqual(refused.exception.response.status_code, 403)

    def test_members_may_not_use_admin_calls(self):
        with self.assertRaises(DiscourseClientError) as refused:
            FORUM.client(MEMBER).list_users("active")
        self.assertEqual(refused.exception.response.status_code, 403)


if __name__ == "__main__":
    unittest.main()
