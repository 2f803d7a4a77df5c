//! A candidate's report: the verdict and where it came from, the sections, values, typing and
//! written reply, how the screening was taken, and the forms to decide and to override a gate.

use super::{gate_text, score_text};
use crate::auth::Role;
use crate::results::api::{candidate_report, Decide, OverrideGate};
use crate::results::chart;
use crate::results::types::Report;
use crate::scoring::{ResultDetail, ValueScore};
use crate::ui::{FieldError, FormError, Guarded, Kept, LoadError};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn ReportPage() -> impl IntoView {
    let id = use_params_map().with_untracked(|p| p.get("invitation").unwrap_or_default());
    let note = use_query_map().with_untracked(|q| {
        if q.get("decided").is_some() {
            Some("Decision recorded.")
        } else if q.get("overridden").is_some() {
            Some("Override recorded.")
        } else {
            None
        }
    });
    let report = Resource::new(move || id.clone(), candidate_report);
    view! {
        <Title text="Candidate report · Keepers"/>
        <Guarded roles=&[Role::Hr]>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match report.await {
                        Ok(r) => view! { <ReportView report=r note=note/> }.into_any(),
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </Guarded>
    }
}

#[component]
fn ReportView(report: Report, note: Option<&'static str>) -> impl IntoView {
    let r = report;
    let decide_action = ServerAction::<Decide>::new();
    let decide = Kept::new(decide_action);
    let decide_error = decide.error();
    let override_action = ServerAction::<OverrideGate>::new();
    let overriding = Kept::new(override_action);
    let override_error = overriding.error();
    let short = (r.attitude_short && !r.attitude_passed) || (r.skill_short && !r.skill_passed);
    let verdict = if r.detail.is_none() {
        "Not scored yet"
    } else if !r.complete {
        "Awaiting grading"
    } else if r.passed {
        "Passed"
    } else if short {
        "Not enough answers"
    } else {
        "Did not pass"
    };
    let invitation = r.invitation_id.clone();
    let invitation2 = r.invitation_id.clone();
    let can_override = r.complete && !r.passed && r.rule.both_gates;
    let failed_gates: Vec<&'static str> =
        [("attitude", r.attitude_passed), ("skill", r.skill_passed)].into_iter().filter(|(_, ok)| !ok).map(|(g, _)| g).collect();
    view! {
        <p><a href=format!("/positions/{}/results", r.position_id)>"← Results for " {r.position.clone()}</a></p>
        <div class="page-head">
            <h1>{r.name.clone()}</h1>
            <p class="muted">{format!("{} · {} · ", r.email, r.extra_time)}
                <span class=r.state.css_class() title=r.state.explain()>{r.state.label()}</span>
                {r.state.is_finished().then(|| format!(" {}", r.closed))}</p>
        </div>
        {note.map(|n| view! { <p class="alert success" role="status">{n}</p> })}
        <section class="panel">
            <h2>{format!("Result: {verdict}")}</h2>
            <ul class="stats">
                <li><strong>{gate_text(r.attitude, r.attitude_short)}</strong>{format!(" attitude{}", if r.rule.both_gates { format!(" (pass {:.0})", r.rule.attitude_pass) } else { String::new() })}</li>
                <li><strong>{gate_text(r.skill, r.skill_short)}</strong>{format!(" skill{}", if r.rule.both_gates { format!(" (pass {:.0})", r.rule.skill_pass) } else { String::new() })}</li>
                <li><strong>{score_text(r.total)}</strong>" total"</li>
                <li><strong>{r.percentile.map(|p| format!("{p:.0}")).unwrap_or_else(|| "—".into())}</strong>" percentile"</li>
            </ul>
            <p class="muted small">{r.rule.describe()}</p>
            {short.then(|| view! {
                <p class="alert warn">"Fewer than four in five of the questions were answered in a section, so it has no score and its gate does not pass on its own. Override the gate, with your reason, if the answers given are enough for you."</p>
            })}
            {r.run.clone().map(|run| view! {
                <p class="muted small">{format!(
                    "Scored {} by the {} run{}{}{}",
                    run.at,
                    run.kind,
                    r.detail.as_ref().map(|d| format!(" with the keys of attitude version {} and skill version {} (taken: versions {} and {})", d.key_versions[0], d.key_versions[1], d.taken_versions[0], d.taken_versions[1])).unwrap_or_default(),
                    run.by.map(|b| format!(", started by {b}")).unwrap_or_default(),
                    run.reason.map(|x| format!(": {x}")).unwrap_or_default()
                )}</p>
            })}
            {(!r.earlier_results.is_empty()).then(|| view! {
                <details class="disclosure"><summary>"Earlier results"</summary>
                    <ul>{r.earlier_results.iter().map(|e| view! { <li>{e.clone()}</li> }).collect_view()}</ul>
                </details>
            })}
        </section>
        {r.detail.clone().map(|d| view! { <DetailView detail=d/> })}
        {r.signals.clone().map(|s| view! { <SignalsPanel signals=s/> })}
        <section class="panel">
            <h2>"Decision"</h2>
            {if r.decisions.is_empty() {
                view! { <p class="empty">"No decision yet."</p> }.into_any()
            } else {
                view! {
                    <ol class="history">
                        {r.decisions.iter().map(|d| view! {
                            <li>
                                <strong>{d.decision.label()}</strong>{format!(" · {} · {}", d.by, d.at)}
                                <br/><span>{d.reason.clone()}</span>
                                <br/><span class="muted small">{format!("On the evidence: {}", d.evidence)}</span>
                                {d.evidence_changed.then(|| view! {
                                    <br/><span class="flag-warn">"Evidence changed since the decision: the scores are no longer the ones it was made on. Review it, and record a new decision if it no longer holds."</span>
                                })}
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
            <ActionForm action=decide_action>
                <FormError error=decide_error fields=&["decision", "reason"]/>
                <input type="hidden" name="invitation_id" value=invitation/>
                <fieldset class="field">
                    <legend>{if r.decisions.is_empty() { "Decide" } else { "Change the decision (a new entry; the history stays)" }}</legend>
                    {[("hire", "Hire"), ("hold", "Hold"), ("reject", "Reject")].into_iter().enumerate().map(|(i, (value, label))| view! {
                        <label class="check"><input type="radio" name="decision" value=value required=i == 0
                            checked=decide.chose("decision", value, false) autofocus=i == 0 && decide.focus("decision")/><span>{label}</span></label>
                    }).collect_view()}
                    <FieldError error=decide_error field="decision"/>
                </fieldset>
                <div class="field">
                    <label for="decision-reason">"Why"</label>
                    <textarea id="decision-reason" name="reason" rows="2" required maxlength="2000" autofocus=decide.focus("reason")
                        aria-describedby="reason-error" aria-invalid=decide.invalid("reason")>{decide.text("reason")}</textarea>
                    <FieldError error=decide_error field="reason"/>
                </div>
                <button type="submit" class="primary">"Record decision"</button>
            </ActionForm>
        </section>
        <section class="panel">
            <h2>"Gate overrides"</h2>
            {if r.overrides.is_empty() {
                view! { <p class="empty">"None."</p> }.into_any()
            } else {
                view! {
                    <ul class="history">
                        {r.overrides.iter().map(|o| view! {
                            <li><strong>{format!("{} gate passed by override", o.gate)}</strong>{format!(" · {} · {}", o.by, o.at)}<br/>{o.reason.clone()}</li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {can_override.then(|| view! {
                <ActionForm action=override_action>
                    <FormError error=override_error fields=&["gate", "reason"]/>
                    <input type="hidden" name="invitation_id" value=invitation2.clone()/>
                    <div class="field">
                        <label for="override-gate">"Gate"</label>
                        <select id="override-gate" name="gate" autofocus=overriding.focus("gate")>
                            {failed_gates.iter().enumerate().map(|(i, g)| view! { <option value=*g selected=overriding.chose("gate", g, i == 0)>{*g}</option> }).collect_view()}
                        </select>
                        <FieldError error=override_error field="gate"/>
                    </div>
                    <div class="field">
                        <label for="override-reason">"Why this gate should count as passed"</label>
                        <textarea id="override-reason" name="reason" rows="2" required maxlength="2000" autofocus=overriding.focus("reason")
                            aria-describedby="override-reason-error" aria-invalid=overriding.invalid("reason")>{overriding.text("reason")}</textarea>
                        <FieldError error=override_error field="reason" id="override-reason-error"/>
                    </div>
                    <button type="submit" class="secondary">"Override gate"</button>
                </ActionForm>
            })}
        </section>
    }
}

/// How the screening was taken, right above the decision: information, never a verdict.
#[component]
fn SignalsPanel(signals: crate::attempt::integrity::Signals) -> impl IntoView {
    use crate::attempt::integrity::Tier;
    let class = match signals.tier {
        Tier::None => "state state-submitted",
        Tier::Some => "state",
        Tier::Many => "state state-failed",
    };
    view! {
        <section class="panel" aria-labelledby="signals-heading">
            <h2 id="signals-heading">"How the screening was taken " <span class=class>{signals.tier.label()}</span></h2>
            <p class="muted small">"Recorded by the server while the candidate took the screening. Each has ordinary explanations: nothing here rejects anyone, and nothing is decided automatically."</p>
            {if signals.signals.is_empty() {
                view! { <p class="empty">"No paste attempts, no time away from the page, one device, typing at a human pace."</p> }.into_any()
            } else {
                view! {
                    <dl class="signals">
                        {signals.signals.into_iter().map(|s| view! {
                            <dt>{s.label}</dt>
                            <dd>{s.detail}<br/><span class="muted small">{s.meaning}</span></dd>
                        }).collect_view()}
                    </dl>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn DetailView(detail: ResultDetail) -> impl IntoView {
    let values: Vec<ValueScore> = detail.values.clone();
    view! {
        <section class="panel">
            <h2>"Sections"</h2>
            <div class="table-wrap">
                <table class="stack">
                    <caption class="visually-hidden">"Section scores"</caption>
                    <thead><tr><th scope="col">"Section"</th><th scope="col">"Gate"</th><th scope="col">"Answered"</th><th scope="col">"Score"</th></tr></thead>
                    <tbody>
                        {detail.sections.iter().map(|s| view! {
                            <tr>
                                <td data-label="Section">{s.title.clone()}</td>
                                <td data-label="Gate">{if s.part == 0 { "Attitude" } else { "Skill" }}</td>
                                <td data-label="Answered">{format!("{} of {}", s.answered, s.items)}</td>
                                <td data-label="Score">{match (s.score, s.short) {
                                    (Some(v), _) => format!("{v:.0}"),
                                    (None, true) => "not enough answers".into(),
                                    (None, false) => "awaiting grading".into(),
                                }}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
        <section class="panel">
            <h2>"Values profile"</h2>
            {if values.is_empty() {
                view! { <p class="empty">"No value items were answered."</p> }.into_any()
            } else {
                view! { <chart::ValueProfile values=values id="values"/> }.into_any()
            }}
        </section>
        {detail.typing.clone().map(|t| view! {
            <section class="panel">
                <h2>"Typing"</h2>
                <ul class="stats">
                    <li><strong>{format!("{:.0}", t.net_wpm)}</strong>" net words per minute"</li>
                    <li><strong>{format!("{:.0}", t.gross_wpm)}</strong>" gross"</li>
                    <li><strong>{format!("{:.0}%", t.accuracy * 100.0)}</strong>" accuracy"</li>
                    <li><strong>{t.errors}</strong>" uncorrected errors"</li>
                </ul>
                {t.review.clone().map(|reason| view! { <p class="alert warn">{reason}</p> })}
                <p class="muted small">{format!(
                    "{} characters over {:.1} minutes, timed by the server from the text it received (a test ended early counts its whole time unless the whole passage was copied). Full marks at {} net words per minute.",
                    t.typed_chars, t.minutes, detail.typing_target_wpm.unwrap_or(40)
                )}</p>
            </section>
        })}
        {detail.written.iter().map(|w| view! {
            <section class="panel">
                <h2>"Written reply"</h2>
                <div class="reply">{if w.reply.is_empty() { "(No reply written.)".to_string() } else { w.reply.clone() }}</div>
                <p class="muted small">{format!("{} words", w.words)}</p>
                {w.disagreement.then(|| view! { <p class="alert warn">"The graders disagree by two or more levels on at least one criterion. The score is their average; consider discussing it."</p> })}
                {if w.grades.is_empty() {
                    view! {
                        <p class="empty">"Not graded yet. " <a href=format!("/grading")>"Open the grading queue"</a></p>
                    }.into_any()
                } else {
                    view! {
                        {w.grades.iter().map(|g| view! {
                            <div class="grade">
                                <h3>{format!("{:.0} from {} · {}", g.score, g.grader, g.graded)}</h3>
                                <ul>{g.levels.iter().map(|(name, level, n, d)| view! { <li><strong>{format!("{name}: {level} of {n}")}</strong>" · "{d.clone()}</li> }).collect_view()}</ul>
                                {(!g.comment.is_empty()).then(|| view! { <p>"“"{g.comment.clone()}"”"</p> })}
                            </div>
                        }).collect_view()}
                    }.into_any()
                }}
                {(w.needs_grades > 0 && !w.grades.is_empty()).then(|| view! { <p class="muted">"A second grade is needed; it is in the grading queue."</p> })}
            </section>
        }).collect_view()}
    }
}
