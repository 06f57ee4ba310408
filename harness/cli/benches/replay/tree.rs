//! The bench's doc tree, shaped like the Graph v1.0 docs: API pages with two documented
//! examples each, front matter, a permissions table and tabbed includes, beside include
//! snippets that annotate nothing.

use std::fmt::Write as _;
use std::path::Path;

/// API pages; each has two examples.
pub const PAGES: usize = 350;
/// Include snippets, without annotations (four per page: the tabs of its two examples).
const SNIPPETS_PER_PAGE: usize = 4;

/// One documented request, as the bare client sends it.
pub struct Request {
    method: &'static str,
    path: String,
    body: Option<String>,
}

impl Request {
    /// The method, the URL under `target`, and the body.
    pub fn to(&self, target: &str) -> (reqwest::Method, String, Option<String>) {
        let method = reqwest::Method::from_bytes(self.method.as_bytes()).expect("method");
        (method, format!("{target}{}", self.path), self.body.clone())
    }
}

/// Writes the tree under `dir`; the requests of each page, in order.
pub fn write(dir: &Path) -> Vec<Vec<Request>> {
    let api = dir.join("api-reference/v1.0/api");
    let includes = dir.join("api-reference/v1.0/includes/snippets");
    std::fs::create_dir_all(&api).expect("api dir");
    std::fs::create_dir_all(&includes).expect("includes dir");
    (0..PAGES)
        .map(|p| {
            for tab in 0..SNIPPETS_PER_PAGE {
                let name = includes.join(format!("user-{p:03}-{tab}-snippets.md"));
                std::fs::write(name, snippet(p, tab)).expect("snippet");
            }
            let (text, requests) = page(p);
            std::fs::write(api.join(format!("user-{p:03}-get.md")), text).expect("page");
            requests
        })
        .collect()
}

fn snippet(p: usize, tab: usize) -> String {
    format!(
        "---\ndescription: \"Automatically generated file. DO NOT MODIFY\"\n---\n\n```csharp\n\n// Code snippets are only available for the latest version. Current version is 5.x\nvar result = await graphClient.Users[\"user{p}\"].GetAsync((requestConfiguration) =>\n{{\n\trequestConfiguration.QueryParameters.Select = new string [] {{ \"displayName\",\"mail\" }};\n}});\n// tab {tab}\n\n```\n"
    )
}

/// Page `p`: front matter and the reference sections, then its two examples.
fn page(p: usize) -> (String, Vec<Request>) {
    let mut text = format!(
        "---\ntitle: \"Get user {p}\"\ndescription: \"Read properties and relationships of the user object.\"\nauthor: \"someone\"\nms.localizationpriority: high\nms.subservice: entra-users\ndoc_type: apiPageType\nms.date: 04/05/2024\n---\n\n# Get user {p}\n\nNamespace: microsoft.graph\n\n[!INCLUDE [national-cloud-support](../../includes/global-us.md)]\n\nRead properties and relationships of the [user](../resources/user.md) object.\n\n## Permissions\n\n|Permission type|Least privileged permissions|Higher privileged permissions|\n|:---|:---|:---|\n|Delegated (work or school account)|User.Read|User.ReadWrite.All, Directory.Read.All|\n|Application|User.Read.All|Directory.Read.All|\n\n## HTTP request\n\n<!-- {{ \"blockType\": \"ignored\" }} -->\n```http\nGET /users/{{id | userPrincipalName}}\nGET /me\n```\n\n## Optional query parameters\n\nThis method supports the `$select` and `$expand` [OData query parameters](/graph/query-parameters).\n\n## Request headers\n\n| Header        | Value                     |\n|:--------------|:--------------------------|\n| Authorization | Bearer {{token}}. Required. |\n\n## Examples\n\n"
    );
    let mut requests = Vec::new();
    entity(&mut text, p, &mut requests);
    if p % 5 == 4 {
        update(&mut text, p, &mut requests);
    } else {
        collection(&mut text, p, &mut requests);
    }
    (text, requests)
}

fn tabs(text: &mut String, p: usize, first: usize) {
    for (tab, language) in [(first, "C#"), (first + 1, "Go")] {
        let _ = write!(
            text,
            "\n# [{language}](#tab/{language})\n[!INCLUDE [sample-code](../includes/snippets/user-{p:03}-{tab}-snippets.md)]\n"
        );
    }
    text.push_str("\n---\n\n");
}

fn entity(text: &mut String, p: usize, requests: &mut Vec<Request>) {
    let path = format!("/v1.0/users/user{p}");
    let _ = write!(
        text,
        "### Example 1: Get a user\n\n#### Request\n\n<!-- {{\n  \"blockType\": \"request\",\n  \"name\": \"get_user_{p}\"\n}}-->\n```http\nGET https://graph.microsoft.com{path}\n```\n"
    );
    tabs(text, p, 0);
    let _ = write!(
        text,
        "#### Response\n\n> **Note:** The response object shown here might be shortened for readability.\n\n<!-- {{\n  \"blockType\": \"response\",\n  \"truncated\": true,\n  \"@odata.type\": \"microsoft.graph.user\"\n}} -->\n```http\nHTTP/1.1 200 OK\nContent-type: application/json\n\n{}\n```\n\n",
        user(p)
    );
    requests.push(Request {
        method: "GET",
        path,
        body: None,
    });
}

fn user(p: usize) -> String {
    format!(
        "{{\n  \"@odata.context\": \"https://graph.microsoft.com/v1.0/$metadata#users/$entity\",\n  \"businessPhones\": [\n    \"+1 425 555 01{:02}\"\n  ],\n  \"displayName\": \"Adele Vance {p}\",\n  \"givenName\": \"Adele\",\n  \"jobTitle\": \"Retail Manager\",\n  \"mail\": \"AdeleV{p}@contoso.com\",\n  \"mobilePhone\": null,\n  \"officeLocation\": \"18/2111\",\n  \"preferredLanguage\": \"en-US\",\n  \"surname\": \"Vance\",\n  \"userPrincipalName\": \"AdeleV{p}@contoso.com\",\n  \"id\": \"87d349ed-44d7-43e1-9a83-{:012}\"\n}}",
        p % 100,
        p
    )
}

fn collection(text: &mut String, p: usize, requests: &mut Vec<Request>) {
    let path = format!("/v1.0/users/user{p}/memberOf");
    let _ = write!(
        text,
        "### Example 2: List the groups of a user\n\n#### Request\n\n<!-- {{\n  \"blockType\": \"request\",\n  \"name\": \"list_member_of_{p}\"\n}}-->\n```http\nGET https://graph.microsoft.com{path}\n```\n"
    );
    tabs(text, p, 2);
    let mut items = Vec::new();
    for g in 0..3 {
        items.push(format!(
            "    {{\n      \"@odata.type\": \"#microsoft.graph.group\",\n      \"id\": \"45b7d2e7-b882-4a80-ba97-10b7a63b{p:02}{g:02}\",\n      \"displayName\": \"Group {p}-{g}\",\n      \"groupTypes\": [\"Unified\"],\n      \"mailEnabled\": true,\n      \"securityEnabled\": false\n    }}"
        ));
    }
    let _ = write!(
        text,
        "#### Response\n\n<!-- {{\n  \"blockType\": \"response\",\n  \"truncated\": true,\n  \"@odata.type\": \"microsoft.graph.directoryObject\",\n  \"isCollection\": true\n}} -->\n```http\nHTTP/1.1 200 OK\nContent-type: application/json\n\n{{\n  \"@odata.context\": \"https://graph.microsoft.com/v1.0/$metadata#directoryObjects\",\n  \"value\": [\n{}\n  ]\n}}\n```\n",
        items.join(",\n")
    );
    requests.push(Request {
        method: "GET",
        path,
        body: None,
    });
}

fn update(text: &mut String, p: usize, requests: &mut Vec<Request>) {
    let path = format!("/v1.0/users/user{p}");
    let body = format!(
        "{{\n  \"businessPhones\": [\n    \"+1 425 555 01{:02}\"\n  ],\n  \"officeLocation\": \"18/2111\"\n}}",
        p % 100
    );
    let _ = write!(
        text,
        "### Example 2: Update a user\n\n#### Request\n\n<!-- {{\n  \"blockType\": \"request\",\n  \"name\": \"update_user_{p}\"\n}}-->\n```http\nPATCH https://graph.microsoft.com{path}\nContent-type: application/json\n\n{body}\n```\n"
    );
    tabs(text, p, 2);
    text.push_str("#### Response\n\n<!-- {\n  \"blockType\": \"response\",\n  \"truncated\": true\n} -->\n```http\nHTTP/1.1 204 No Content\n```\n");
    requests.push(Request {
        method: "PATCH",
        path,
        body: Some(body),
    });
}
