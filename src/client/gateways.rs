//! The file gateway connections of a client: one per gateway endpoint, reused, replaced
//! when they fail, closed when idle and with the client.

use std::collections::HashMap;
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use parking_lot::{Condvar, Mutex};

use crate::RtmServerClient;
use crate::config::deadline_after;
use crate::error::QuestError;

/// The file gateway connections of a client: one per endpoint, closed when idle.
pub(crate) struct Gateways {
    shared: Arc<GatewayPool>,
}

struct GatewayPool {
    map: Mutex<PoolState>,
    wake: Condvar,
}

#[derive(Default)]
struct PoolState {
    gateways: HashMap<String, Gateway>,
    /// Gateways taken out of service (a send through them timed out or lost its
    /// connection) that still carry sends: closed when the last one ends.
    retired: Vec<Gateway>,
    /// The id of the next gateway opened.
    next_id: u64,
    reaper: bool,
    closed: bool,
}

/// A gateway connection in the pool, with its sends.
struct Gateway {
    /// Tells this connection from a later one to the same endpoint.
    id: u64,
    client: RtmServerClient,
    /// Sends through it that have not ended: it is never closed as idle meanwhile.
    in_flight: usize,
    /// When its last send ended (when it opened, before any): idle time counts from here.
    idle_since: Instant,
}

/// A send through a gateway, counted in flight from [`Gateways::get`] until dropped, however
/// the send ends: returned, called back, or its future dropped.
pub(crate) struct Lease {
    pool: Arc<GatewayPool>,
    endpoint: String,
    id: u64,
    retire: bool,
}

impl Lease {
    /// The send ended with `outcome`. A timeout of the client's, a lost connection or a
    /// failed connect takes the gateway out of service: the next send opens a new
    /// connection, and this one closes once no send goes through it.
    pub(crate) fn ended<T>(mut self, outcome: &Result<T, QuestError>) {
        self.retire = outcome
            .as_ref()
            .is_err_and(|e| e.is_timeout() || e.is_connection_error());
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        self.pool.release(&self.endpoint, self.id, self.retire);
    }
}

impl GatewayPool {
    /// A send through gateway `id` of `endpoint` ended: its idle time starts now; with
    /// `retire`, the gateway leaves the pool. A gateway out of the pool closes once it
    /// carries no send.
    fn release(&self, endpoint: &str, id: u64, retire: bool) {
        let mut state = self.map.lock();
        if let Some(gateway) = state.gateways.get_mut(endpoint).filter(|g| g.id == id) {
            gateway.in_flight = gateway.in_flight.saturating_sub(1);
            gateway.idle_since = Instant::now();
            if gateway.in_flight == 0 {
                // The reaper may wait for no deadline while every gateway carries a send.
                self.wake.notify_all();
            }
            if retire && let Some(gateway) = state.gateways.remove(endpoint) {
                tracing::debug!("file gateway {endpoint}: a send failed; the next one reconnects");
                state.retired.push(gateway);
            }
        } else if let Some(gateway) = state.retired.iter_mut().find(|g| g.id == id) {
            gateway.in_flight = gateway.in_flight.saturating_sub(1);
        }
        let (closing, busy): (Vec<_>, Vec<_>) = std::mem::take(&mut state.retired)
            .into_iter()
            .partition(|g| g.in_flight == 0);
        state.retired = busy;
        drop(state);
        for gateway in closing {
            // Without waiting: this may run on any thread, the callback thread included.
            drop(gateway.client.close_gateway_async());
        }
    }
}

impl Gateways {
    pub fn new() -> Self {
        Gateways {
            shared: Arc::new(GatewayPool {
                map: Mutex::new(PoolState::default()),
                wake: Condvar::new(),
            }),
        }
    }

    /// The gateway client of `endpoint` for `client`, opened on first use, with the lease
    /// that counts the send in flight.
    pub(crate) fn get(
        &self,
        endpoint: &str,
        client: &RtmServerClient,
    ) -> Result<(RtmServerClient, Lease), QuestError> {
        let config = client.config_ref();
        let endpoint = normalize_endpoint(endpoint)?;
        let mut state = self.shared.map.lock();
        if state.closed {
            return Err(QuestError::connection_closed("client closed"));
        }
        let idle = config.file_gateway_idle();
        if let Some(gateway) = state.gateways.get_mut(&endpoint) {
            if !gateway.client.is_closed() {
                gateway.in_flight += 1;
                let lease = self.lease(endpoint, gateway.id);
                return Ok((gateway.client.clone(), lease));
            }
            // Its I/O thread ended: never handed out again. Its sends (if any) end with
            // 20002, and the last one's lease lets it go.
            match state.gateways.remove(&endpoint) {
                Some(gateway) if gateway.in_flight > 0 => state.retired.push(gateway),
                // Let go without waiting for its (ended) thread, under the lock.
                Some(gateway) => drop(gateway.client.close_gateway_async()),
                None => {}
            }
        }
        // With the main connection's keep-alive, so that a silent peer is noticed.
        let gateway_config = config
            .to_builder()
            .endpoint(endpoint.clone())
            .auto_reconnect(false);
        #[cfg(feature = "encryption")]
        let gateway_config = gateway_config.encryption(None);
        let jobs = client
            .callback_jobs()
            .ok_or_else(|| QuestError::connection_closed("client closed"))?;
        let client = RtmServerClient::gateway(gateway_config.build(), jobs)?;
        let id = state.next_id;
        state.next_id += 1;
        state.gateways.insert(
            endpoint.clone(),
            Gateway {
                id,
                client: client.clone(),
                in_flight: 1,
                idle_since: Instant::now(),
            },
        );
        if !state.reaper {
            state.reaper = true;
            let pool = Arc::downgrade(&self.shared);
            let spawned = std::thread::Builder::new()
                .name("rtm-files".into())
                .spawn(move || reap(pool, idle));
            if spawned.is_err() {
                state.reaper = false;
            }
        }
        Ok((client, self.lease(endpoint, id)))
    }

    fn lease(&self, endpoint: String, id: u64) -> Lease {
        Lease {
            pool: self.shared.clone(),
            endpoint,
            id,
            retire: false,
        }
    }

    /// How many gateway connections are open: in service, or out of it with sends still
    /// going through them.
    pub fn open(&self) -> usize {
        let state = self.shared.map.lock();
        state.gateways.len() + state.retired.len()
    }

    /// Closes every gateway connection, waiting for their I/O threads (which run no user
    /// code); later file calls fail with 20002.
    pub fn close(&self) {
        for gateway in self.take_all() {
            let _ = gateway.close();
        }
    }

    /// Starts closing every gateway connection without waiting; the future resolves once
    /// their I/O threads have stopped. Later file calls fail with 20002.
    pub fn close_async(&self) -> impl std::future::Future<Output = ()> + Send + 'static + use<> {
        let closing: Vec<_> = self
            .take_all()
            .iter()
            .map(RtmServerClient::close_gateway_async)
            .collect();
        async move {
            for closed in closing {
                closed.await;
            }
        }
    }

    /// Marks the pool closed and takes every gateway out of it.
    fn take_all(&self) -> Vec<RtmServerClient> {
        let gateways = {
            let mut state = self.shared.map.lock();
            state.closed = true;
            let retired = std::mem::take(&mut state.retired);
            state
                .gateways
                .drain()
                .map(|(_, g)| g)
                .chain(retired)
                .map(|g| g.client)
                .collect()
        };
        self.shared.wake.notify_all();
        gateways
    }
}

impl Drop for Gateways {
    fn drop(&mut self) {
        self.close();
    }
}

/// The reaper: closes the gateways without a send in flight whose last send ended `idle`
/// ago; ends when none is left or the client closed.
fn reap(pool: Weak<GatewayPool>, idle: Duration) {
    loop {
        let Some(pool) = pool.upgrade() else {
            return;
        };
        let mut state = pool.map.lock();
        let now = Instant::now();
        let expired: Vec<String> = state
            .gateways
            .iter()
            .filter(|(_, g)| {
                g.in_flight == 0 && now.saturating_duration_since(g.idle_since) >= idle
            })
            .map(|(endpoint, _)| endpoint.clone())
            .collect();
        let closing: Vec<RtmServerClient> = expired
            .iter()
            .filter_map(|e| state.gateways.remove(e).map(|g| g.client))
            .collect();
        if state.gateways.is_empty() || state.closed {
            state.reaper = false;
            drop(state);
            for gateway in closing {
                let _ = gateway.close();
            }
            return;
        }
        if closing.is_empty() {
            let next = state
                .gateways
                .values()
                .filter(|g| g.in_flight == 0)
                .map(|g| deadline_after(g.idle_since, idle))
                .min();
            match next {
                Some(next) => {
                    let wait = next
                        .saturating_duration_since(now)
                        .max(Duration::from_millis(1));
                    pool.wake.wait_for(&mut state, wait);
                }
                // Every gateway carries a send: the end of one wakes this.
                None => pool.wake.wait(&mut state),
            }
            continue;
        }
        drop(state);
        for gateway in closing {
            let _ = gateway.close();
        }
    }
}

/// `host:port` for the engine: IPv6 hosts bracketed; an empty endpoint is an error.
fn normalize_endpoint(endpoint: &str) -> Result<String, QuestError> {
    let endpoint = endpoint.trim();
    let Some((host, port)) = endpoint.rsplit_once(':') else {
        return Err(QuestError::not_connected(format!(
            "the file gateway's endpoint {endpoint:?} is not host:port"
        )));
    };
    if host.is_empty() || port.is_empty() {
        return Err(QuestError::not_connected(format!(
            "the file gateway's endpoint {endpoint:?} is not host:port"
        )));
    }
    if host.contains(':') && !host.starts_with('[') {
        return Ok(format!("[{host}]:{port}"));
    }
    Ok(endpoint.to_string())
}

impl RtmServerClient {
    /// The file gateway connections open now (for metrics and tests).
    pub fn file_gateways_open(&self) -> usize {
        self.gateways().open()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gateway_whose_io_thread_ended_is_never_handed_out_again() {
        let endpoint = "127.0.0.1:9";
        let config = crate::ClientConfig::builder(endpoint, 1, "secret").keep_alive(None);
        let client = RtmServerClient::new(config).unwrap();
        let (first, lease) = client.gateways().get(endpoint, &client).unwrap();
        drop(lease);
        first.close().unwrap();
        assert!(first.is_closed());
        let (second, _lease) = client.gateways().get(endpoint, &client).unwrap();
        assert!(!second.is_closed(), "a new gateway client");
        assert_eq!(client.file_gateways_open(), 1);
    }

    #[test]
    fn gateway_endpoints_are_normalized() {
        assert_eq!(normalize_endpoint("127.0.0.1:80").unwrap(), "127.0.0.1:80");
        assert_eq!(normalize_endpoint("::1:80").unwrap(), "[::1]:80");
        assert_eq!(normalize_endpoint("[::1]:80").unwrap(), "[::1]:80");
        assert_eq!(
            normalize_endpoint("files.example.com:80").unwrap(),
            "files.example.com:80"
        );
        assert!(normalize_endpoint("").is_err());
        assert!(normalize_endpoint("host").is_err());
    }
}
