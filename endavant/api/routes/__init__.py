"""The API's operations, one module per app it reads. Each module has a ``router``."""
