"""rasd (رصد): Arabic security news → a knowledge base an analyst can trust."""

__version__ = "0.1.0"
