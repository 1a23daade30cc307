//! The binary's servers as processes of their own: started on a free port of 127.0.0.1 with a
//! clean environment, signalled, and stopped with their log returned.

use std::io::Read;
use std::process::{Child, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// Waits for a child to exit, killing it after `within`.
pub fn exit_within(child: &mut Child, within: Duration) -> ExitStatus {
    let deadline = Instant::now() + within;
    loop {
        if let Some(status) = child.try_wait().expect("the child can be waited for") {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("career-bot did not exit within {within:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// `career-bot serve-http` in an empty directory (no .env), with extra environment.
pub fn serve_http(env: &[(&str, &str)]) -> (Child, std::thread::JoinHandle<String>) {
    let dir = tempfile::tempdir().unwrap();
    let mut command = super::bin();
    command.arg("serve-http").current_dir(dir.path()).stdout(Stdio::null()).stderr(Stdio::piped());
    for var in [
        "LISTEN_ADDR",
        "CAREER_BOT_COOLDOWN",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "DATA_DIR",
        "DATABASE_URL",
        "KNOWLEDGE_DIR",
        "RUST_LOG",
    ] {
        command.env_remove(var);
    }
    command.env("LISTEN_ADDR", "127.0.0.1:0");
    for (key, value) in env {
        command.env(key, value);
    }
    let mut child = command.spawn().expect("the binary starts");
    let mut stderr = child.stderr.take().expect("stderr is piped");
    let reader = std::thread::spawn(move || {
        let _keep = dir;
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    (child, reader)
}

/// `career-bot serve-http` with `env` on a free port of 127.0.0.1, once `/readyz` answers 200:
/// the child, the reader of its standard error, and its base URL.
pub async fn serve_http_ready(env: &[(&str, &str)]) -> (Child, std::thread::JoinHandle<String>, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let listen = format!("127.0.0.1:{port}");
    let mut env = env.to_vec();
    env.push(("LISTEN_ADDR", &listen));
    let (mut child, stderr) = serve_http(&env);
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let base = format!("http://{listen}");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        match client.get(format!("{base}/readyz")).send().await {
            Ok(response) if response.status() == reqwest::StatusCode::OK => return (child, stderr, base),
            _ if Instant::now() < deadline => tokio::time::sleep(Duration::from_millis(50)).await,
            _ => {
                let _ = child.kill();
                panic!("not ready within 30 s: {}", stderr.join().unwrap());
            }
        }
    }
}

/// Sends `signal` (`TERM`, `HUP`) to `child`.
pub fn signal(child: &Child, signal: &str) {
    let sent = std::process::Command::new("kill").arg(format!("-{signal}")).arg(child.id().to_string()).status();
    assert!(sent.expect("kill runs").success(), "kill -{signal} failed");
}

/// Stops `child` with SIGTERM, expects exit code 0, and returns what it logged.
pub fn stop(mut child: Child, stderr: std::thread::JoinHandle<String>) -> String {
    signal(&child, "TERM");
    let status = exit_within(&mut child, Duration::from_secs(20));
    let stderr = stderr.join().unwrap();
    assert_eq!(status.code(), Some(0), "{stderr}");
    stderr
}
