"""Shipped model weights (JSON), read with importlib.resources."""
