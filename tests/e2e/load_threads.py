"""Background load for the end-to-end tests: a few threads calling run(index) until stopped."""
import threading


class LoadThreads:
    """Used as `with Subclass(...) as load:`; the threads start on entry and stop on exit.
    A subclass implements run(index), loops while not self.stop.is_set(), and keeps what it
    records under self.lock."""

    join_seconds = 30

    def __init__(self, threads, daemon=False):
        self.stop, self.lock = threading.Event(), threading.Lock()
        self.threads = [threading.Thread(target=self.run, args=(i,), daemon=daemon) for i in range(threads)]

    def run(self, index):
        raise NotImplementedError

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=self.join_seconds)
