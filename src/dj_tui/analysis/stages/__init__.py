"""The per-report stages: one report's analysis, alone.

This folder's source and resources are the engine's identity in the cache key.
"""
