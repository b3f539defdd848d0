//! A YAML (and so JSON) document tree that remembers the line of every node,
//! built from `yaml-rust2`'s marked events. Anchors and aliases are expanded;
//! `<<` merge keys are honoured by [`Node::get`].

use std::collections::BTreeMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// A node's value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// A scalar; `quoted` when written in quotes (then never a bool/number).
    Scalar { text: String, quoted: bool },
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping with scalar keys, in document order.
    Map(Vec<(String, Node)>),
}

/// A node and the 1-based line where it starts (for a map value: its key's line).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    pub(crate) value: Value,
    pub(crate) line: usize,
}

impl Node {
    /// The value under `key` in a mapping (following `<<` merges).
    pub(crate) fn get(&self, key: &str) -> Option<&Node> {
        let Value::Map(entries) = &self.value else { return None };
        if let Some((_, n)) = entries.iter().find(|(k, _)| k == key) {
            return Some(n);
        }
        let merged = entries.iter().find(|(k, _)| k == "<<").map(|(_, n)| n)?;
        match &merged.value {
            Value::Map(_) => merged.get(key),
            Value::Seq(items) => items.iter().find_map(|m| m.get(key)),
            Value::Scalar { .. } => None,
        }
    }

    /// The scalar text, if this is a scalar (not null).
    pub(crate) fn str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar { text, quoted } if *quoted || !is_null(text) => Some(text),
            _ => None,
        }
    }

    /// The value as a boolean (`true`/`false`, YAML 1.1 yes/no/on/off too).
    pub(crate) fn bool(&self) -> Option<bool> {
        match &self.value {
            Value::Scalar { text, quoted: false } => match text.to_ascii_lowercase().as_str() {
                "true" | "yes" | "on" | "y" => Some(true),
                "false" | "no" | "off" | "n" => Some(false),
                _ => None,
            },
            Value::Scalar { text, quoted: true } => match text.as_str() {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }

    /// Items of a sequence (empty otherwise).
    pub(crate) fn items(&self) -> &[Node] {
        match &self.value {
            Value::Seq(items) => items,
            _ => &[],
        }
    }

    /// Entries of a mapping (empty otherwise).
    pub(crate) fn entries(&self) -> &[(String, Node)] {
        match &self.value {
            Value::Map(entries) => entries,
            _ => &[],
        }
    }

    /// Whether the node is a null scalar (`null`, `~`, empty).
    pub(crate) fn is_null(&self) -> bool {
        matches!(&self.value, Value::Scalar { text, quoted: false } if is_null(text))
    }
}

fn is_null(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

/// Most nodes a document stream may expand to (aliases included): a guard
/// against alias bombs ("billion laughs").
const MAX_NODES: usize = 1_000_000;

enum Frame {
    Seq { items: Vec<Node>, line: usize, anchor: usize, size: usize },
    Map { entries: Vec<(String, Node)>, key: Option<(String, usize)>, line: usize, anchor: usize, size: usize },
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    documents: Vec<Node>,
    /// Anchored nodes with their expanded size.
    anchors: BTreeMap<usize, (Node, usize)>,
    /// Nodes created so far (aliases count their expanded size).
    total: usize,
    too_big: bool,
}

impl Builder {
    fn push_node(&mut self, mut node: Node, size: usize, anchor: usize) {
        if anchor > 0 {
            self.anchors.insert(anchor, (node.clone(), size));
        }
        if let Some(Frame::Seq { size: s, .. } | Frame::Map { size: s, .. }) = self.stack.last_mut() {
            *s += size;
        }
        match self.stack.last_mut() {
            None => self.documents.push(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                None => {
                    let text = match &node.value {
                        Value::Scalar { text, .. } => text.clone(),
                        // Complex keys are not used by any format we read.
                        _ => String::new(),
                    };
                    *key = Some((text, node.line));
                }
                Some((k, line)) => {
                    node.line = line;
                    entries.push((k, node));
                }
            },
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let line = mark.line();
        match ev {
            Event::Scalar(text, style, anchor, _) => {
                let quoted = matches!(style, TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted);
                self.total += 1;
                self.push_node(Node { value: Value::Scalar { text, quoted }, line }, 1, anchor);
            }
            Event::SequenceStart(anchor, _) => {
                self.total += 1;
                self.stack.push(Frame::Seq { items: Vec::new(), line, anchor, size: 1 });
            }
            Event::MappingStart(anchor, _) => {
                self.total += 1;
                self.stack.push(Frame::Map { entries: Vec::new(), key: None, line, anchor, size: 1 });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (node, anchor, size) = match self.stack.pop() {
                    Some(Frame::Seq { items, line, anchor, size }) => {
                        (Node { value: Value::Seq(items), line }, anchor, size)
                    }
                    Some(Frame::Map { entries, line, anchor, size, .. }) => {
                        (Node { value: Value::Map(entries), line }, anchor, size)
                    }
                    None => return,
                };
                self.push_node(node, size, anchor);
            }
            Event::Alias(id) => {
                let null = Node { value: Value::Scalar { text: String::new(), quoted: false }, line };
                let (node, size) = match self.anchors.get(&id) {
                    Some((node, size)) if self.total + size <= MAX_NODES => (node.clone(), *size),
                    Some(_) => {
                        self.too_big = true;
                        (null, 1)
                    }
                    None => (null, 1),
                };
                self.total += size;
                self.push_node(Node { line, ..node }, size, 0);
            }
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentStart | Event::DocumentEnd => {}
        }
    }
}

/// Parses every document of a YAML (or JSON) stream. Empty documents are dropped.
pub(crate) fn parse(text: &str) -> Result<Vec<Node>, String> {
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(text);
    parser.load(&mut builder, true).map_err(|e| e.to_string())?;
    if builder.too_big || builder.total > MAX_NODES {
        return Err(format!("the document expands to more than {MAX_NODES} nodes (aliases included)"));
    }
    Ok(builder.documents.into_iter().filter(|d| !d.is_null()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_follow_keys_and_items() {
        let docs = parse("a: 1\nb:\n  c: true\n  d:\n    - x\n    - y\n---\nkind: Pod\n").unwrap();
        assert_eq!(docs.len(), 2);
        let b = docs[0].get("b").unwrap();
        assert_eq!(b.line, 2);
        assert_eq!(b.get("c").unwrap().line, 3);
        assert_eq!(b.get("c").unwrap().bool(), Some(true));
        assert_eq!(b.get("d").unwrap().items()[1].line, 6);
        assert_eq!(docs[1].get("kind").unwrap().str(), Some("Pod"));
    }

    #[test]
    fn json_parses_with_lines() {
        let docs = parse("[\n  {\n    \"Id\": \"abc\",\n    \"HostConfig\": {\"Privileged\": true}\n  }\n]").unwrap();
        let first = &docs[0].items()[0];
        assert_eq!(first.get("HostConfig").unwrap().get("Privileged").unwrap().bool(), Some(true));
        assert_eq!(first.get("HostConfig").unwrap().line, 4);
    }

    #[test]
    fn merge_keys_and_aliases() {
        let docs = parse("x: &base\n  privileged: true\ny:\n  <<: *base\n  image: a\n").unwrap();
        assert_eq!(docs[0].get("y").unwrap().get("privileged").unwrap().bool(), Some(true));
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let err = parse(&text).unwrap_err();
        assert!(err.contains("more than 1000000 nodes"), "{err}");
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let err = parse("a: [1, 2\nb: 3\n").unwrap_err();
        assert!(err.contains("line"), "{err}");
    }
}
