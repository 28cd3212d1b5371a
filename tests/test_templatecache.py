"""Compiled templates shared by the Jinja environments of one process (`mkdocs serve` rebuilds)."""

from jinja2 import Environment, FileSystemLoader

from asskomm.templatecache import CompiledTemplates


def _env(folder, store: CompiledTemplates, **settings) -> Environment:
    env = Environment(loader=FileSystemLoader(str(folder)), **settings)
    env.bytecode_cache = store.for_env(env)
    return env


def test_a_new_environment_reuses_code_and_an_edited_template_is_compiled_again(tmp_path, monkeypatch):
    compiled: list[str] = []
    original = Environment.compile

    def counting(self, source, name=None, filename=None, *args, **kwargs):
        compiled.append(name)
        return original(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(Environment, "compile", counting)
    (tmp_path / "t.html").write_text("Hallo {{ name }}", encoding="utf-8")
    store = CompiledTemplates()
    assert _env(tmp_path, store).get_template("t.html").render(name="Zwönitz") == "Hallo Zwönitz"
    assert _env(tmp_path, store).get_template("t.html").render(name="Aue") == "Hallo Aue"
    assert compiled == ["t.html"]
    (tmp_path / "t.html").write_text("Guten Tag {{ name }}", encoding="utf-8")
    assert _env(tmp_path, store).get_template("t.html").render(name="Aue") == "Guten Tag Aue"
    assert compiled == ["t.html", "t.html"]


def test_environments_with_other_settings_do_not_share_code(tmp_path):
    (tmp_path / "t.html").write_text("{% if x %}\nja{% endif %}", encoding="utf-8")
    store = CompiledTemplates()
    assert _env(tmp_path, store).get_template("t.html").render(x=True) == "\nja"
    assert _env(tmp_path, store, trim_blocks=True).get_template("t.html").render(x=True) == "ja"
    assert _env(tmp_path, store).get_template("t.html").render(x=True) == "\nja"
