//! paykit-sim as a user runs it: the binary as a child process, driven over HTTP only (the
//! simulators' admin API and their vendor APIs, with plain requests), then stopped with a
//! signal (issue 12: exit code 0, ports released).

#![cfg(unix)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use rustix::process::{Pid, Signal, kill_process};
use serde_json::{Value, json};

/// A running `paykit-sim` on free ports, killed if a test fails before stopping it.
struct Sim {
    child: Option<Child>,
    info: Value,
    _dir: tempfile::TempDir,
}

impl Sim {
    fn start(extra: &[&str]) -> Sim {
        let dir = tempfile::tempdir().unwrap();
        let info_file = dir.path().join("info.json");
        let child = Command::new(env!("CARGO_BIN_EXE_paykit-sim"))
            .args(["--port", "0", "--info-file"])
            .arg(&info_file)
            .arg("--config-dir")
            .arg(dir.path().join("config"))
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut sim = Sim {
            child: Some(child),
            info: Value::Null,
            _dir: dir,
        };
        sim.info = sim.wait_for_info(&info_file);
        sim
    }

    fn wait_for_info(&mut self, path: &Path) -> Value {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(30) {
            if let Ok(text) = std::fs::read_to_string(path) {
                return serde_json::from_str(&text).unwrap();
            }
            if let Some(status) = self.child.as_mut().unwrap().try_wait().unwrap() {
                let output = self.child.take().unwrap().wait_with_output().unwrap();
                panic!(
                    "paykit-sim exited with {status} before listening: {}",
                    String::from_utf8_lossy(&output.stderr)
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("paykit-sim did not write its info file within 30 s");
    }

    fn admin(&self, path: &str) -> String {
        format!("{}{path}", self.info["admin"].as_str().unwrap())
    }

    fn vendor(&self, vendor: &str, key: &str) -> String {
        self.info["vendors"][vendor][key]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// Every port the servers listen on.
    fn ports(&self) -> Vec<u16> {
        let mut urls = vec![self.info["admin"].as_str().unwrap().to_owned()];
        for vendor in self.info["vendors"].as_object().unwrap().values() {
            for (key, value) in vendor.as_object().unwrap() {
                if key.ends_with("_url") {
                    urls.push(value.as_str().unwrap().to_owned());
                }
            }
        }
        let mut ports: Vec<u16> = urls
            .iter()
            .map(|url| url::Url::parse(url).unwrap().port().unwrap())
            .collect();
        ports.sort_unstable();
        ports.dedup();
        ports
    }

    /// Sends `signal` and waits for the process to end.
    fn stop(&mut self, signal: Signal) -> (ExitStatus, String) {
        let child = self.child.take().unwrap();
        let pid = Pid::from_raw(child.id() as i32).expect("a child's pid is positive");
        kill_process(pid, signal).unwrap();
        let output = child.wait_with_output().unwrap();
        (
            output.status,
            String::from_utf8_lossy(&output.stdout).into_owned(),
        )
    }
}

impl Drop for Sim {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn seed_file() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/sim/seed.json")
}

async fn json_of(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

async fn pax8_token(http: &reqwest::Client, sim: &Sim) -> String {
    let (status, token) = json_of(
        http.post(sim.vendor("pax8", "token_url"))
            .json(&json!({
                "client_id": sim.vendor("pax8", "client_id"),
                "client_secret": sim.vendor("pax8", "client_secret"),
                "audience": "https://api.pax8.com",
                "grant_type": "client_credentials",
            }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200, "{token}");
    token["access_token"].as_str().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_binary_serves_every_vendor_and_its_admin_api_then_stops_on_sigterm() {
    let mut sim = Sim::start(&["--seed", seed_file().to_str().unwrap()]);
    let http = paykit_core::client::http_client_builder().build().unwrap();

    // What a client needs, from the admin API as from the info file.
    let (status, info) = json_of(http.get(sim.admin("/")).send().await.unwrap()).await;
    assert_eq!(status, 200);
    assert_eq!(info, sim.info["vendors"]);
    let config = std::fs::read_to_string(sim.vendor_file("wallet", "authority_config")).unwrap();
    let config: Value = serde_json::from_str(&config).unwrap();
    assert_eq!(
        config["authority_id"],
        json!(sim.vendor("wallet", "authority_id"))
    );
    assert!(
        config["private_key"]
            .as_str()
            .unwrap()
            .contains("BEGIN PRIVATE KEY")
    );

    // The seed is there, in each vendor's own wire format.
    let (_, state) = json_of(http.get(sim.admin("/state")).send().await.unwrap()).await;
    assert_eq!(state["wallet"]["entries"].as_array().unwrap().len(), 3);
    assert_eq!(
        state["paritydeals"]["customers"][0]["customer_id"],
        "cus_ada"
    );
    assert_eq!(state["pax8"]["companies"][1]["name"], "Bravo Legal");
    let health = http
        .get(format!("{}/health", sim.vendor("wallet", "base_url")))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
    let entitlements = http
        .get(format!(
            "{}/entitlements?customer_id=cus_ada&feature_id=sso",
            sim.vendor("paritydeals", "edge_url")
        ))
        .bearer_auth(sim.vendor("paritydeals", "api_key"))
        .send()
        .await
        .unwrap();
    let (status, entitlements) = json_of(entitlements).await;
    assert_eq!(status, 200, "{entitlements}");
    assert!(
        entitlements.to_string().contains("\"hasAccess\":true"),
        "{entitlements}"
    );

    let stores = http
        .get(format!(
            "{}/corp/{}/clubs?ApiKey={}&ChainId={}",
            sim.vendor("clubready", "base_url"),
            sim.vendor("clubready", "chain_id"),
            sim.vendor("clubready", "api_key"),
            sim.vendor("clubready", "chain_id"),
        ))
        .header("accept", "text/jsv")
        .send()
        .await
        .unwrap();
    assert_eq!(stores.status(), 200);
    let jsv = stores.text().await.unwrap();
    assert!(
        jsv.starts_with('[') && jsv.contains("StoreId:"),
        "JSV, not JSON: {jsv}"
    );

    let plans = http
        .get(format!(
            "{}/subscription_plans.xml",
            sim.vendor("spreedly", "base_url")
        ))
        .basic_auth(sim.vendor("spreedly", "api_token"), Some("X"))
        .send()
        .await
        .unwrap();
    assert_eq!(plans.status(), 200);
    let xml = plans.text().await.unwrap();
    assert!(
        xml.contains("<subscription-plans type=\"array\">") && xml.contains("<name>Pro</name>"),
        "XML: {xml}"
    );

    // A fault injected through the admin API hits the vendor API, then wears off.
    let (status, fault) = json_of(
        http.post(sim.admin("/faults"))
            .json(&json!({"status": 503, "times": 2, "on": "pax8.list_companies"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200, "{fault}");
    assert_eq!(fault["vendor"], "pax8");
    let (_, pending) = json_of(http.get(sim.admin("/faults")).send().await.unwrap()).await;
    assert_eq!(
        pending,
        json!([{"vendor": "pax8", "kind": "status", "status": 503, "times": 2, "on": "pax8.list_companies"}])
    );
    let token = pax8_token(&http, &sim).await;
    let companies = format!("{}/companies", sim.vendor("pax8", "base_url"));
    for expected in [503, 503, 200] {
        let response = http
            .get(&companies)
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), expected);
    }

    // The requests received, as sent.
    let (_, requests) = json_of(
        http.get(sim.admin("/requests?vendor=pax8"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let lines: Vec<String> = requests
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{} {}",
                r["method"].as_str().unwrap(),
                r["path"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            "POST /v1/token",
            "GET /v1/companies",
            "GET /v1/companies",
            "GET /v1/companies"
        ]
    );
    assert_eq!(
        requests[1]["headers"]["authorization"],
        json!(format!("Bearer {token}"))
    );

    // A seed added at run time, then a reset back to the seed file's state.
    let (status, seeded) = json_of(
        http.post(sim.admin("/seed"))
            .json(&json!({"wallet": {"entries": [{"user_id": "carol", "amount": 7, "reason": "gift"}]}}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!((status, seeded), (200, json!({"seeded": ["wallet"]})));
    let (status, refused) = json_of(
        http.post(sim.admin("/seed"))
            .json(&json!({"wallet": {"entries": [{"user_id": "dave"}]}}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        refused["error"],
        "wallet: entries[0].amount must be an integer"
    );
    let (_, state) = json_of(
        http.get(sim.admin("/state?vendor=wallet"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(state["wallet"]["entries"].as_array().unwrap().len(), 4);
    let (status, _) = json_of(http.post(sim.admin("/reset")).send().await.unwrap()).await;
    assert_eq!(status, 200);
    let (_, state) = json_of(
        http.get(sim.admin("/state?vendor=wallet"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(state["wallet"]["entries"].as_array().unwrap().len(), 3);
    let (_, requests) = json_of(http.get(sim.admin("/requests")).send().await.unwrap()).await;
    assert_eq!(requests, json!([]));

    // Bad admin requests are typed answers, not hangs.
    let (status, error) = json_of(
        http.get(sim.admin("/state?vendor=stripe"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        error["error"]
            .as_str()
            .unwrap()
            .contains("no \"stripe\" simulator")
    );
    let (status, _) = json_of(http.get(sim.admin("/nothing")).send().await.unwrap()).await;
    assert_eq!(status, 404);

    // SIGTERM: a clean exit, every port free again.
    let ports = sim.ports();
    assert_eq!(
        ports.len(),
        7,
        "admin, wallet, ParityDeals API and edge, Pax8, Spreedly, ClubReady: {ports:?}"
    );
    drop(http);
    let (status, stdout) = sim.stop(Signal::TERM);
    assert_eq!(status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("paykit-sim: terminated, stopping."),
        "{stdout}"
    );
    for port in ports {
        TcpListener::bind(("127.0.0.1", port))
            .unwrap_or_else(|e| panic!("port {port} still taken after exit: {e}"));
    }
}

#[test]
fn sigint_stops_it_cleanly_and_one_vendor_can_be_served_alone() {
    let mut sim = Sim::start(&["--vendor", "pax8"]);
    assert_eq!(
        sim.info["vendors"]
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        ["pax8"]
    );
    let (status, stdout) = sim.stop(Signal::INT);
    assert_eq!(status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("paykit-sim is serving 1 simulator until interrupted"),
        "{stdout}"
    );
    assert!(
        stdout.contains("paykit-sim: interrupted, stopping."),
        "{stdout}"
    );
}

#[test]
fn a_port_in_use_is_a_clear_error_and_exit_code_1() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let output = Command::new(env!("CARGO_BIN_EXE_paykit-sim"))
        .args(["--port", &port.to_string()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("admin API: cannot listen on 127.0.0.1:{port}")),
        "{stderr}"
    );
}

#[test]
fn a_bad_seed_file_is_refused_before_serving() {
    let dir = tempfile::tempdir().unwrap();
    let seed = dir.path().join("seed.json");
    std::fs::write(&seed, r#"{"wallet": {"balances": {"alice": 1}}}"#).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_paykit-sim"))
        .args(["--port", "0", "--seed"])
        .arg(&seed)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("wallet: unknown section \"balances\""),
        "{stderr}"
    );
}

impl Sim {
    fn vendor_file(&self, vendor: &str, key: &str) -> String {
        self.info["vendors"][vendor]["files"][key]
            .as_str()
            .unwrap()
            .to_owned()
    }
}
