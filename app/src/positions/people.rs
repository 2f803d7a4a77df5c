//! Reading a list of people to invite: pasted lines ("Name <email>", "Name, email") or a CSV
//! file with a name and an email column. All or nothing: any bad line is reported with its
//! number and nothing is created.

use crate::admin::staff::parse_name;
use crate::auth::email::Email;
use std::collections::HashSet;

pub const MAX_BATCH: usize = 1_000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub email: Email,
}

/// Splits one CSV record, honouring double quotes ("López, Ana",ana@example.com).
fn split_record(line: &str) -> Vec<String> {
    let delimiter = if line.contains('\t') {
        '\t'
    } else if line.contains(';') && !line.contains(',') {
        ';'
    } else {
        ','
    };
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            c if c == delimiter && !quoted => fields.push(std::mem::take(&mut field)),
            c => field.push(c),
        }
    }
    fields.push(field);
    fields.into_iter().map(|f| f.trim().to_string()).collect()
}

fn parse_line(line: &str) -> Result<Person, String> {
    let line = line.trim().trim_start_matches('\u{feff}');
    let (name, email) = if let (Some(open), true) = (line.rfind('<'), line.ends_with('>')) {
        (line[..open].trim().trim_matches('"').to_string(), line[open + 1..line.len() - 1].to_string())
    } else {
        let fields: Vec<String> = split_record(line).into_iter().filter(|f| !f.is_empty()).collect();
        let Some(at) = fields.iter().position(|f| f.contains('@')) else {
            return Err("there is no email address on this line".into());
        };
        let email = fields[at].clone();
        let name = fields.iter().enumerate().filter(|(i, _)| *i != at).map(|(_, f)| f.as_str()).collect::<Vec<_>>().join(" ");
        (name, email)
    };
    let email = Email::parse(&email).map_err(|m| format!("“{}”: {}", email.trim(), m.trim_end_matches('.')))?;
    if name.trim().is_empty() {
        return Err(format!("add the person's name before {email} (Name <email> or Name, email)"));
    }
    let name = parse_name(&name).map_err(|m| m.trim_end_matches('.').to_lowercase())?;
    Ok(Person { name, email })
}

fn is_header(line: &str) -> bool {
    let l = line.to_lowercase();
    !l.contains('@') && l.contains("email")
}

/// Reads people, one per line. Errors name the line they are on.
pub fn parse_people(text: &str) -> Result<Vec<Person>, Vec<String>> {
    let mut people = Vec::new();
    let mut problems = Vec::new();
    let mut seen = HashSet::new();
    let mut first = true;
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        if first && is_header(line) {
            first = false;
            continue;
        }
        first = false;
        match parse_line(line) {
            Ok(p) => {
                if !seen.insert(p.email.clone()) {
                    problems.push(format!("Line {}: {} is listed twice.", n + 1, p.email));
                } else {
                    people.push(p);
                }
            }
            Err(m) => problems.push(format!("Line {}: {m}.", n + 1)),
        }
    }
    if people.is_empty() && problems.is_empty() {
        problems.push("Add at least one person: one per line, as Name <email> or Name, email.".into());
    }
    if people.len() > MAX_BATCH {
        problems.push(format!("Invite at most {MAX_BATCH} people at once."));
    }
    if problems.is_empty() {
        Ok(people)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_pasted_lines_in_the_usual_shapes() {
        let people = parse_people(
            "Ana López <ana@example.com>\n\"Kim, Joon\" <joon@example.com>\nSam Ortiz, sam@example.com\n\n  ola@example.com ; Ola Nordmann\n",
        )
        .unwrap();
        let names: Vec<_> = people.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Ana López", "Kim, Joon", "Sam Ortiz", "Ola Nordmann"]);
        assert_eq!(people[3].email.as_str(), "ola@example.com");
    }

    #[test]
    fn reads_csv_with_a_header_and_quotes() {
        let csv = "name,email\r\n\"López, Ana\",ANA@example.com\r\nJoon Kim,joon@example.com\r\n";
        let people = parse_people(csv).unwrap();
        assert_eq!(people.len(), 2);
        assert_eq!(people[0].name, "López, Ana");
        assert_eq!(people[0].email.as_str(), "ana@example.com");
        let split = parse_people("First,Last,Email\nAna,López,ana@example.com").unwrap();
        assert_eq!(split[0].name, "Ana López");
    }

    #[test]
    fn every_bad_line_is_reported_by_number() {
        let err = parse_people("Ana <ana@example.com>\nbob@\nno address here\nAna Again <ana@example.com>\ncarol@example.com").unwrap_err();
        assert_eq!(err.len(), 4, "{err:?}");
        assert!(err[0].starts_with("Line 2:"));
        assert!(err[1].starts_with("Line 3: there is no email"));
        assert!(err[2].contains("listed twice"));
        assert!(err[3].contains("add the person's name"));
    }

    #[test]
    fn an_empty_list_asks_for_people() {
        assert!(parse_people("   \n\n").unwrap_err()[0].contains("at least one person"));
    }
}
