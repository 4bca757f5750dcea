"""losstrack: the General Staff's daily figures of Russian losses, in the terminal."""

__version__ = "0.1.0"
