"""The load for one page when wrk is not installed: every simulated user requests the
page again as soon as the last answer arrives."""

import os

from locust import FastHttpUser, constant, task

PATH = os.environ["BENCH_PATH"]
HEADERS = {"Cookie": os.environ.get("BENCH_COOKIE", "")}


class Visitor(FastHttpUser):
    wait_time = constant(0)

    @task
    def page(self):
        self.client.get(PATH, headers=HEADERS)
