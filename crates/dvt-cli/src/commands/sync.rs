//! `dvt sync`: make a local Spark Connect server available with nothing but the package
//! registries.
//!
//! * `dvt sync` — checks Java (Spark 4 needs 17 or newer), installs the PyPI **sdist** of
//!   pyspark (it bundles every Spark jar, the Connect server's included) into a managed venv,
//!   installs the Debian JDBC driver packages (as root; otherwise it prints the command), and
//!   writes `computes.yml` into the project when it has none.
//! * `dvt sync --start | --stop | --status` — manages the server (`spark-daemon.sh` of that
//!   pyspark) on the port of the default Spark compute's `remote` (`sc://127.0.0.1:15002`).
//!
//! The venv lives in `$DVT_SPARK_CACHE` (default `${XDG_CACHE_HOME:-~/.cache}/dvt/spark`), the
//! same place `scripts/services.sh` uses, so the test suite and `dvt sync` share one install.

use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use dvt_core::computes::{Compute, Computes, DEFAULT_SPARK_REMOTE};

use crate::args::ProjectArgs;

/// The pyspark release installed (its sdist carries `jars/spark-connect_*.jar`).
const PYSPARK: &str = "4.2.1";
const SERVER_CLASS: &str = "org.apache.spark.sql.connect.service.SparkConnectServer";
/// (Debian package, jar in /usr/share/java) of the JDBC drivers Spark reads sources with.
const JDBC: &[(&str, &str)] = &[
    ("libpostgresql-jdbc-java", "postgresql.jar"),
    ("libmariadb-java", "mariadb-java-client.jar"),
    ("libxerial-sqlite-jdbc-java", "sqlite-jdbc.jar"),
];
const COMPUTES_YML: &str =
    "# Written by `dvt sync`: federated models run on a local Spark Connect server
# (`dvt sync --start`); `--compute embedded` runs them in the embedded engine instead.
default:
  target: spark_local
  computes:
    spark_local:
      type: spark
      remote: sc://127.0.0.1:15002
    embedded:
      type: embedded
";

/// What `dvt sync` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Install what is missing.
    Install,
    /// Install, then start the server.
    Start,
    /// Stop the server.
    Stop,
    /// Report what is installed and running.
    Status,
}

struct Paths {
    venv: PathBuf,
    home: PathBuf,
    run: PathBuf,
}

fn paths() -> Paths {
    let cache = std::env::var_os("DVT_SPARK_CACHE")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("XDG_CACHE_HOME").map(|c| PathBuf::from(c).join("dvt/spark")))
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/dvt/spark")))
        .unwrap_or_else(|| PathBuf::from(".dvt-spark"));
    let venv = cache.join(format!("pyspark-{PYSPARK}"));
    Paths {
        home: venv.join("spark_home"),
        run: cache.join("server"),
        venv,
    }
}

/// Run `dvt sync`.
pub fn run(project: &ProjectArgs, action: Action) -> Result<ExitCode> {
    let p = paths();
    let port = spark_port(&project.project_dir)?;
    match action {
        Action::Install => {
            install(&p)?;
            write_computes(&project.project_dir)?;
            println!("Spark Connect is ready: `dvt sync --start` starts it on 127.0.0.1:{port}");
        }
        Action::Start => {
            install(&p)?;
            write_computes(&project.project_dir)?;
            start(&p, port)?;
        }
        Action::Stop => stop(&p, port)?,
        Action::Status => {
            let installed =
                p.home.join("sbin/spark-daemon.sh").exists() && p.venv.join(".complete").exists();
            println!(
                "pyspark {PYSPARK}: {}",
                if installed {
                    format!("installed in {}", p.venv.display())
                } else {
                    "not installed (run `dvt sync`)".into()
                }
            );
            match java_major() {
                Ok(v) => println!("java: {v}"),
                Err(e) => println!("java: {e}"),
            }
            for (deb, jar) in JDBC {
                let have = Path::new("/usr/share/java").join(jar).exists();
                println!("jdbc {jar}: {}", if have { "present" } else { *deb });
            }
            if listening(port) {
                let pid = server_pid(&p, port)
                    .map(|pid| format!(" (pid {pid})"))
                    .unwrap_or_default();
                println!("spark connect: running on sc://127.0.0.1:{port}{pid}");
            } else {
                println!("spark connect: not running on 127.0.0.1:{port}");
                return Ok(ExitCode::FAILURE);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The port of the default Spark compute's `remote` (15002 when there is none).
fn spark_port(project_dir: &Path) -> Result<u16> {
    let file = project_dir.join("computes.yml");
    let computes = if file.is_file() {
        let env: dvt_core::env::SharedEnv = std::sync::Arc::new(dvt_core::env::ProcessEnv);
        Computes::from_file(&file, &dvt_core::jinja::JinjaContext::new(env))?
    } else {
        Computes::default()
    };
    let remote = computes
        .computes
        .get(&computes.default)
        .into_iter()
        .chain(computes.computes.values())
        .find_map(|c| match c {
            Compute::Spark { remote, .. } => remote.clone(),
            Compute::Embedded { .. } | Compute::Other { .. } => None,
        })
        .unwrap_or_else(|| DEFAULT_SPARK_REMOTE.to_string());
    let host_port = remote
        .strip_prefix("sc://")
        .unwrap_or(&remote)
        .split(['/', ';'])
        .next()
        .unwrap_or_default()
        .to_string();
    let port = host_port.rsplit_once(':').map_or("15002", |(_, p)| p);
    port.parse()
        .with_context(|| format!("the Spark remote {remote} has no port number"))
}

fn java_major() -> Result<String> {
    let out = Command::new("java").arg("-version").output().context(
        "no `java` on PATH: Spark 4 needs Java 17 (apt-get install openjdk-17-jre-headless)",
    )?;
    let text = String::from_utf8_lossy(&out.stderr).into_owned();
    let version = text
        .split('"')
        .nth(1)
        .map(str::to_string)
        .unwrap_or_else(|| text.lines().next().unwrap_or_default().to_string());
    let major: u32 = version
        .split(['.', '-', '+'])
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(0);
    if major < 17 {
        bail!(
            "Java {version} is too old: Spark 4 needs Java 17 or newer (apt-get install openjdk-17-jre-headless)"
        );
    }
    Ok(version)
}

fn install(p: &Paths) -> Result<()> {
    let java = java_major()?;
    println!("java {java}: ok");
    if p.home.join("sbin/spark-daemon.sh").exists() && p.venv.join(".complete").exists() {
        println!("pyspark {PYSPARK}: installed in {}", p.venv.display());
    } else {
        println!(
            "installing pyspark {PYSPARK} (PyPI sdist, ~430 MB, about a minute) into {}",
            p.venv.display()
        );
        let _ = std::fs::remove_dir_all(&p.venv);
        std::fs::create_dir_all(p.venv.parent().unwrap_or(Path::new(".")))?;
        let ok = |c: &mut Command, what: &str| -> Result<()> {
            let s = c
                .status()
                .with_context(|| format!("{what}: cannot run it"))?;
            if !s.success() {
                bail!("{what} failed ({s})");
            }
            Ok(())
        };
        ok(
            Command::new("python3").args(["-m", "venv"]).arg(&p.venv),
            "python3 -m venv (install python3 and python3-venv)",
        )?;
        ok(
            Command::new(p.venv.join("bin/pip")).args([
                "install",
                "-q",
                "--no-binary",
                "pyspark",
                &format!("pyspark=={PYSPARK}"),
            ]),
            "pip install pyspark (needs PyPI)",
        )?;
        let out = Command::new(p.venv.join("bin/python"))
            .args([
                "-c",
                "import os, pyspark; print(os.path.dirname(pyspark.__file__))",
            ])
            .output()?;
        let pkg = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        let _ = std::fs::remove_file(&p.home);
        std::os::unix::fs::symlink(&pkg, &p.home)?;
        let has_connect = std::fs::read_dir(pkg.join("jars"))?.flatten().any(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("spark-connect_")
        });
        if !has_connect {
            bail!(
                "pyspark {PYSPARK} has no jars/spark-connect_*.jar (a pyspark >= 4.0 sdist is needed)"
            );
        }
        std::fs::write(p.venv.join(".complete"), PYSPARK)?;
        println!("pyspark {PYSPARK}: installed");
    }
    let missing: Vec<&str> = JDBC
        .iter()
        .filter(|(_, jar)| !Path::new("/usr/share/java").join(jar).exists())
        .map(|(deb, _)| *deb)
        .collect();
    if missing.is_empty() {
        println!(
            "jdbc drivers: /usr/share/java/{{postgresql,mariadb-java-client,sqlite-jdbc}}.jar"
        );
        return Ok(());
    }
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    if !is_root {
        bail!(
            "JDBC drivers missing: run `sudo apt-get install {}` and then `dvt sync` again",
            missing.join(" ")
        );
    }
    println!("installing {} (apt-get)", missing.join(" "));
    let update = Command::new("apt-get").args(["update", "-qq"]).status()?;
    let install = Command::new("apt-get")
        .args(["install", "-y", "-qq", "--no-install-recommends"])
        .args(&missing)
        .env("DEBIAN_FRONTEND", "noninteractive")
        .status()?;
    if !update.success() || !install.success() {
        bail!("apt-get install {} failed", missing.join(" "));
    }
    Ok(())
}

fn write_computes(project_dir: &Path) -> Result<()> {
    let path = project_dir.join("computes.yml");
    if path.exists() {
        println!("computes.yml: kept ({})", path.display());
    } else {
        std::fs::write(&path, COMPUTES_YML)
            .with_context(|| format!("writing {}", path.display()))?;
        println!("computes.yml: written ({})", path.display());
    }
    Ok(())
}

fn listening(port: u16) -> bool {
    TcpStream::connect_timeout(
        &SocketAddr::from(([127, 0, 0, 1], port)),
        Duration::from_millis(300),
    )
    .is_ok()
}

/// The pid `spark-daemon.sh` recorded for the server on `port`, if it started it.
fn server_pid(p: &Paths, port: u16) -> Option<u32> {
    let dir = p.run.join(port.to_string());
    std::fs::read_dir(dir).ok()?.flatten().find_map(|e| {
        let name = e.file_name();
        let name = name.to_string_lossy();
        (name.starts_with("spark-dvt-") && name.ends_with(".pid"))
            .then(|| std::fs::read_to_string(e.path()).ok()?.trim().parse().ok())
            .flatten()
    })
}

fn daemon(p: &Paths, port: u16) -> Command {
    let run = p.run.join(port.to_string());
    let mut c = Command::new(p.home.join("sbin/spark-daemon.sh"));
    c.env("SPARK_HOME", &p.home)
        .env("SPARK_PID_DIR", &run)
        .env("SPARK_LOG_DIR", &run)
        .env("SPARK_IDENT_STRING", "dvt");
    c
}

fn start(p: &Paths, port: u16) -> Result<()> {
    if listening(port) {
        println!("spark connect: already running on sc://127.0.0.1:{port}");
        return Ok(());
    }
    let run = p.run.join(port.to_string());
    std::fs::create_dir_all(&run)?;
    let jars: Vec<String> = JDBC
        .iter()
        .map(|(_, j)| format!("/usr/share/java/{j}"))
        .filter(|j| Path::new(j).exists())
        .collect();
    let memory = std::env::var("DVT_SPARK_DRIVER_MEMORY").unwrap_or_else(|_| "2g".into());
    let status = daemon(p, port)
        .args([
            "submit",
            SERVER_CLASS,
            "1",
            "--name",
            "Spark Connect server",
        ])
        .args(["--master", "local[*]", "--driver-memory", &memory])
        .args(["--jars", &jars.join(",")])
        .args(["--conf", "spark.ui.enabled=false"])
        .args(["--conf", "spark.connect.grpc.binding.address=127.0.0.1"])
        .args(["--conf", &format!("spark.connect.grpc.binding.port={port}")])
        .args(["--conf", "spark.sql.session.timeZone=UTC"])
        .args(["--driver-java-options", "-Duser.timezone=UTC"])
        .status()
        .context("spark-daemon.sh")?;
    if !status.success() {
        bail!(
            "spark-daemon.sh submit failed ({status}); logs in {}",
            run.display()
        );
    }
    let t0 = Instant::now();
    while t0.elapsed() < Duration::from_secs(120) {
        if listening(port) {
            println!(
                "spark connect {PYSPARK}: running on sc://127.0.0.1:{port} (started in {:.1}s; logs in {})",
                t0.elapsed().as_secs_f64(),
                run.display()
            );
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    bail!(
        "spark connect did not listen on 127.0.0.1:{port} within 120 s; logs in {}",
        run.display()
    )
}

fn stop(p: &Paths, port: u16) -> Result<()> {
    if !p.home.join("sbin/spark-daemon.sh").exists() {
        println!("spark connect: not installed (nothing to stop)");
        return Ok(());
    }
    let _ = daemon(p, port).args(["stop", SERVER_CLASS, "1"]).status();
    let t0 = Instant::now();
    while listening(port) && t0.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(200));
    }
    if listening(port) {
        bail!("127.0.0.1:{port} still answers: it was not started by `dvt sync --start`");
    }
    println!("spark connect: stopped (127.0.0.1:{port})");
    Ok(())
}
