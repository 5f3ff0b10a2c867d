"""Note Reader: a desktop reader for vaults of linked Markdown notes made from YouTube transcripts."""

__version__ = "0.1.0"
