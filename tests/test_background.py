import threading

from meet import background


def test_wait_all_joins_the_threads_a_command_started(make_app):
    app = make_app(BACKGROUND_INLINE=False)
    release, done = threading.Event(), []

    def work():
        release.wait(5)
        done.append(True)

    background.start(app, work, name="slow")
    release.set()
    background.wait_all(timeout=5)
    assert done == [True]


def test_inline_runs_before_returning(make_app):
    app = make_app()  # tests run jobs inline
    done = []
    handle = background.start(app, lambda: done.append(1), name="inline")
    assert done == [1] and not handle.is_alive()
