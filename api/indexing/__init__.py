"""The index worker: applies the change log to this process's index replica, saves it, and tells readers."""
