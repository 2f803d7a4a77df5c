//! A server under test as a child process: started, waited for, measured and killed.

use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};
use tokio::process::{Child, Command};

/// How to start one server: a program, its arguments, and where it listens.
#[derive(Clone, Debug)]
pub struct Launch {
    pub program: PathBuf,
    pub args: Vec<String>,
    pub env: Vec<(String, String)>,
    pub addr: SocketAddr,
    /// Where its output goes (appended: a crash test restarts it many times).
    pub log: PathBuf,
}

pub struct Running {
    child: Child,
    pub pid: u32,
    pub base: String,
}

/// A port nobody listens on right now.
pub fn free_addr() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().expect("local address")
}

impl Launch {
    /// Starts the server and waits until `/healthz` answers.
    pub async fn start(&self) -> Result<Running, String> {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .map_err(|e| format!("open {}: {e}", self.log.display()))?;
        let err = log.try_clone().map_err(|e| e.to_string())?;
        let child = Command::new(&self.program)
            .args(&self.args)
            .envs(self.env.iter().cloned())
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(err)
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| format!("start {}: {e}", self.program.display()))?;
        let pid = child.id().ok_or("the server exited at once")?;
        let mut running = Running { child, pid, base: format!("http://{}", self.addr) };
        let probe = reqwest::Client::builder().timeout(Duration::from_secs(2)).build().map_err(|e| e.to_string())?;
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = running.child.try_wait() {
                return Err(format!("the server exited with {status} during start-up; see {}", self.log.display()));
            }
            if let Ok(res) = probe.get(format!("{}/healthz", running.base)).send().await {
                if res.status().is_success() {
                    return Ok(running);
                }
            }
            if started.elapsed() > Duration::from_secs(120) {
                running.kill().await;
                return Err(format!("the server did not answer /healthz within 2 minutes; see {}", self.log.display()));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// CPU time used and the peak resident memory of a process, from /proc.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Usage {
    pub cpu_seconds: f64,
    pub peak_rss_mb: f64,
}

impl Running {
    pub fn usage(&self) -> Usage {
        usage_of(self.pid)
    }

    /// SIGKILL: no clean-up, no flush, as when the machine loses the process.
    pub async fn kill(&mut self) {
        let _ = self.child.start_kill();
        let _ = self.child.wait().await;
    }
}

pub fn usage_of(pid: u32) -> Usage {
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as f64;
    let cpu_seconds = std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| {
            // Fields after the command name, which is in parentheses and may hold spaces.
            let rest = stat.rsplit_once(')')?.1;
            let fields: Vec<&str> = rest.split_whitespace().collect();
            let utime: f64 = fields.get(11)?.parse().ok()?;
            let stime: f64 = fields.get(12)?.parse().ok()?;
            Some((utime + stime) / ticks)
        })
        .unwrap_or(0.0);
    let peak_rss_mb = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
            let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
            Some(kb / 1024.0)
        })
        .unwrap_or(0.0);
    Usage { cpu_seconds, peak_rss_mb }
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_its_own_usage() {
        let mut x = 0u64;
        for i in 0..5_000_000u64 {
            x = x.wrapping_mul(31).wrapping_add(i);
        }
        assert!(x != 1);
        let usage = super::usage_of(std::process::id());
        assert!(usage.peak_rss_mb > 1.0, "{usage:?}");
        assert!(usage.cpu_seconds >= 0.0, "{usage:?}");
    }
}
