"""Compiled Jinja templates kept in memory for the life of a process.

Every build makes new Jinja environments: ours for the generated pages, and MkDocs' for the theme
(Material's `base.html` and its ~40 partials). Without a cache each rebuild under `mkdocs serve`
compiles all of them again, about 0.3 s of a one-page change (issue 7: preview latency).
"""

from __future__ import annotations

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket


class CompiledTemplates:
    """Bytecode by template, source checksum and environment settings, shared by the environments
    of one process. An edited template has a new checksum and is compiled again; compiled code also
    depends on the environment's syntax settings and extensions, so those are part of the key."""

    def __init__(self) -> None:
        self.store: dict[tuple[str, str], bytes] = {}

    def for_env(self, env: Environment) -> BytecodeCache:
        """The cache to set as `env.bytecode_cache`."""
        return _EnvCache(self.store, compile_settings(env))


class _EnvCache(BytecodeCache):
    def __init__(self, store: dict[tuple[str, str], bytes], settings: str) -> None:
        self.store, self.settings = store, settings

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.store.get((self.settings, bucket.key))
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.store[(self.settings, bucket.key)] = bucket.bytecode_to_string()


def compile_settings(env: Environment) -> str:
    """What, besides the source, decides the code Jinja compiles a template to."""
    return repr((
        sorted(env.extensions), env.block_start_string, env.block_end_string, env.variable_start_string,
        env.variable_end_string, env.comment_start_string, env.comment_end_string, env.line_statement_prefix,
        env.line_comment_prefix, env.trim_blocks, env.lstrip_blocks, env.newline_sequence,
        env.keep_trailing_newline, env.optimized, env.autoescape if isinstance(env.autoescape, bool) else id(env.autoescape),
        env.is_async,
    ))
