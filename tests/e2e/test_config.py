"""check-config and serve on good and bad configuration files."""

from conftest import base_config, deep_merge, run_bin, to_yaml


def write(tmp_path, **overrides):
    cfg = deep_merge(base_config(tmp_path), overrides)
    p = tmp_path / "cfg.yaml"
    p.write_text(to_yaml(cfg) + "\n")
    return p


def lines(r):
    return [l for l in (r.stdout + r.stderr).splitlines() if l.strip()]


def check(path, env=None):
    return run_bin(["check-config", "--config", str(path)], env=env, timeout=30)


def test_good_config_ok(steadymail_bin, tmp_path):
    r = check(write(tmp_path))
    assert r.returncode == 0, f"exit {r.returncode}: {r.stdout}{r.stderr}"
    assert "configuration ok" in r.stdout


def assert_one_line_78(r, key):
    out = lines(r)
    assert r.returncode == 78, f"expected exit 78 (EX_CONFIG), got {r.returncode}: {out}"
    assert len(out) == 1, f"expected ONE line naming {key}, got {out}"
    assert key in out[0], f"line does not name {key}: {out[0]!r}"


def test_port_out_of_range(steadymail_bin, tmp_path):
    assert_one_line_78(check(write(tmp_path, smtp={"listen": "127.0.0.1:99999"})), "smtp.listen")


def test_serve_with_bad_config_exits_78(steadymail_bin, tmp_path):
    p = write(tmp_path, smtp={"listen": "127.0.0.1:99999"})
    assert_one_line_78(run_bin(["serve", "--config", str(p)], timeout=30), "smtp.listen")


def test_unknown_relay_tls_mode(steadymail_bin, tmp_path):
    p = write(tmp_path, relays=[{"name": "a", "host": "h", "port": 25, "tls": "bogus"}])
    assert_one_line_78(check(p), "relays[0].tls")


def test_missing_cert_file(steadymail_bin, tmp_path, tls_files):
    _, key = tls_files
    p = write(tmp_path, smtp={"tls": {"cert": str(tmp_path / "nope.pem"), "key": key}})
    assert_one_line_78(check(p), "smtp.tls.cert")


def test_env_override_bad_listen(steadymail_bin, tmp_path):
    p = write(tmp_path)
    assert check(p).returncode == 0
    r = check(p, env={"STEADYMAIL_SMTP_LISTEN": "127.0.0.1:99999"})
    assert_one_line_78(r, "smtp.listen")


def test_env_override_applies(server_factory):
    from conftest import free_port
    import socket

    port = free_port()
    srv = server_factory(env={"STEADYMAIL_SMTP_LISTEN": f"127.0.0.1:{port}"}, start=False)
    srv.config["smtp"]["listen"] = f"127.0.0.1:{port}"  # where we now expect it (the file says otherwise)
    srv.start()
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        assert s.recv(100).startswith(b"220")


def test_unknown_key_rejected(steadymail_bin, tmp_path):
    r = check(write(tmp_path, smtp={"lisen": "127.0.0.1:2525"}))
    assert r.returncode == 78, f"a misspelt key must not be ignored silently: exit {r.returncode} {lines(r)}"
    assert "lisen" in " ".join(lines(r))
