//! Which proxy a request to the target goes through, decided once from the environment
//! (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`, `NO_PROXY`, either case), as curl reads them. A
//! target on this machine never goes through a proxy. Pure: the environment is passed in.

use reqwest::Url;

use exemplar_core::is_loopback;

use crate::config::Env;

/// The proxy for requests to `target`, if any.
pub fn proxy_for(target: &Url, env: &Env) -> Option<Url> {
    if is_loopback(target) {
        return None;
    }
    let get = |name: &str| {
        env.get(&name.to_ascii_lowercase())
            .or_else(|| env.get(name))
            .filter(|v| !v.trim().is_empty())
    };
    let host = target.host_str()?.to_ascii_lowercase();
    if get("NO_PROXY").is_some_and(|list| bypassed(&host, list)) {
        return None;
    }
    let scheme = if target.scheme() == "https" {
        "HTTPS_PROXY"
    } else {
        "HTTP_PROXY"
    };
    let proxy = get(scheme).or_else(|| get("ALL_PROXY"))?;
    let proxy = proxy.trim();
    // `proxy:3128` means `http://proxy:3128`, as curl reads it.
    Url::parse(proxy)
        .ok()
        .filter(|u| u.has_host())
        .or_else(|| Url::parse(&format!("http://{proxy}")).ok())
}

/// The proxy as shown: no user or password.
pub(crate) fn shown(proxy: &Url) -> String {
    let mut shown = proxy.clone();
    let _ = shown.set_username("");
    let _ = shown.set_password(None);
    shown.to_string()
}

/// `NO_PROXY`: `*`, or hosts and domain suffixes (`example.com`, `.example.com`), with ports
/// ignored.
fn bypassed(host: &str, list: &str) -> bool {
    list.split(',').map(str::trim).any(|entry| {
        let entry = entry.rsplit_once(':').map_or(entry, |(h, _)| h);
        let entry = entry.trim_start_matches('.').to_ascii_lowercase();
        entry == "*" || host == entry || host.ends_with(&format!(".{entry}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::env_of;

    fn proxy(target: &str, pairs: &[(&str, &str)]) -> Option<String> {
        proxy_for(&Url::parse(target).unwrap(), &env_of(pairs)).map(|u| u.to_string())
    }

    #[test]
    fn the_target_scheme_picks_the_variable_and_loopback_never_goes_through_one() {
        let vars = [
            ("HTTPS_PROXY", "http://user:pw@secure:3128"),
            ("http_proxy", "plain:8080"),
        ];
        assert_eq!(
            proxy("https://graph.example.com", &vars).as_deref(),
            Some("http://user:pw@secure:3128/")
        );
        assert_eq!(
            proxy("http://graph.example.com", &vars).as_deref(),
            Some("http://plain:8080/")
        );
        assert_eq!(proxy("http://127.0.0.1:8080", &vars), None);
        assert_eq!(proxy("http://localhost:8080", &vars), None);
        assert_eq!(proxy("http://[::1]:8080", &vars), None);
        assert_eq!(
            proxy("https://x.test", &[("ALL_PROXY", "http://all:1")]).as_deref(),
            Some("http://all:1/")
        );
    }

    #[test]
    fn no_proxy_lists_hosts_and_domains() {
        let vars = [
            ("HTTPS_PROXY", "http://p:1"),
            ("NO_PROXY", "internal.test, .corp:443"),
        ];
        assert_eq!(proxy("https://internal.test", &vars), None);
        assert_eq!(proxy("https://api.corp", &vars), None);
        assert!(proxy("https://graph.example.com", &vars).is_some());
        assert_eq!(
            proxy(
                "https://any.test",
                &[("HTTPS_PROXY", "p:1"), ("no_proxy", "*")]
            ),
            None
        );
    }

    #[test]
    fn a_proxy_is_shown_without_credentials() {
        let url = Url::parse("http://user:secret@proxy.corp:3128").unwrap();
        assert_eq!(shown(&url), "http://proxy.corp:3128/");
    }
}
