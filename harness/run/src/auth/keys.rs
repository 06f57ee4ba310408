//! The keys of `[auth]`, as `exemplar help config` lists them and a config file is checked
//! against.

use crate::config::value::Kind;
use crate::config::{Key, key};

/// The keys of the `[auth]` table, in the order `exemplar help config` lists them.
#[rustfmt::skip]
pub const AUTH_KEYS: &[Key] = &[
    key("auth.kind", Kind::OneOf(&super::config::KINDS), None, None, Some("EXEMPLAR_AUTH_KIND"),
        "`bearer` (a token), `command` (a command printing one) or `client-credentials` (OAuth 2.0)."),
    key("auth.token", Kind::Text, None, None, Some("EXEMPLAR_AUTH_TOKEN"),
        "bearer: the token, as `\"${GRAPH_TOKEN}\"`; never shown."),
    key("auth.command", Kind::Text, None, None, Some("EXEMPLAR_AUTH_COMMAND"),
        "command: run with `sh -c`, prints a token; run again when it expires or is refused."),
    key("auth.tenant", Kind::Text, None, None, Some("EXEMPLAR_AUTH_TENANT"),
        "client-credentials: the tenant, whose login.microsoftonline.com endpoint is the default."),
    key("auth.token_url", Kind::Url, Some("the tenant's v2.0 endpoint"), None, Some("EXEMPLAR_AUTH_TOKEN_URL"),
        "client-credentials: the token endpoint, the only place the client secret goes."),
    key("auth.client_id", Kind::Text, None, None, Some("EXEMPLAR_AUTH_CLIENT_ID"),
        "client-credentials: the application (client) id."),
    key("auth.client_secret", Kind::Text, None, None, Some("EXEMPLAR_AUTH_CLIENT_SECRET"),
        "client-credentials: the secret, as `\"${CLIENT_SECRET}\"`; never shown."),
    key("auth.scope", Kind::Text, Some("<target origin>/.default"), None, Some("EXEMPLAR_AUTH_SCOPE"),
        "client-credentials: the scope asked for."),
];
