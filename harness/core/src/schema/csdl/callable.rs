//! Reading one `Action` or `Function` element, on first use (see `schema::callable`).

use std::collections::HashMap;

use super::{Csdl, is_true};
use crate::schema::callable::{Callable, Parameter};
use crate::schema::types::{TypeRef, qualify};

/// Reads the action or function whose element is `text` (a slice the first pass checked),
/// declared in `namespace`, its type names qualified with `aliases`.
pub(in crate::schema) fn read_callable(
    text: &str,
    namespace: &str,
    aliases: &HashMap<String, String>,
) -> Option<Callable> {
    let (mut csdl, element) = Csdl::element_of(text)?;
    let [name, bound] = csdl.attributes(&element, ["Name", "IsBound"]).ok()?;
    let (name, bound) = (name?.into_owned(), is_true(bound));
    let function = element.is("Function");
    let (mut parameters, mut returns) = (Vec::new(), None);
    let read = csdl.children(&element, |csdl, child| {
        if child.is("Parameter") {
            if let Ok([Some(name), Some(ty)]) = csdl.attributes(&child, ["Name", "Type"]) {
                let mut ty = TypeRef::parse(&ty);
                qualify(aliases, &mut ty.name);
                let name = name.into_owned();
                parameters.push(Parameter { name, ty });
            }
        } else if child.is("ReturnType")
            && let Ok([Some(ty)]) = csdl.attributes(&child, ["Type"])
        {
            let mut ty = TypeRef::parse(&ty);
            qualify(aliases, &mut ty.name);
            returns = Some(ty);
        }
        csdl.skip(&child)
    });
    read.ok()?;
    let binding = (bound && !parameters.is_empty()).then(|| parameters.remove(0).ty);
    Some(Callable {
        name,
        namespace: namespace.to_owned(),
        function,
        binding,
        parameters,
        returns,
    })
}
