"""The pure core: reading a vault, links, timestamps, the index. Imports no Qt."""
