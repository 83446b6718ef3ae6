"""Running the application in production: the checks before the start, the gunicorn configuration, the log format.

Nothing here imports Django at module level: the gunicorn master process loads the configuration and must stay
free of the application's code, so that a reload starts workers on the new code.
"""
