//! The analytics page: filters, then the funnel, validity, fairness and item statistics.

use super::funnel::Funnel;
use super::impact::{Dimension, StageTable};
use super::items::VersionItems;
use super::validity::{Coefficient, Validity, SMALL_N};
use super::{analytics_report, Filters, Report};
use crate::auth::Role;
use crate::ui::chart::{Bar, BarChart, ScatterChart};
use crate::ui::{FieldError, Guarded, LoadError};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn percent(share: Option<f64>) -> String {
    share.map(|s| format!("{:.0}%", s * 100.0)).unwrap_or_else(|| "—".into())
}

fn number(value: Option<f64>, digits: usize) -> String {
    value.map(|v| format!("{v:.digits$}")).unwrap_or_else(|| "—".into())
}

fn p_value(p: Option<f64>) -> String {
    match p {
        None => "—".into(),
        Some(p) if p < 0.001 => "< 0.001".into(),
        Some(p) => format!("{p:.3}"),
    }
}

fn filters_in_query() -> Filters {
    use_query_map().with_untracked(|q| Filters {
        position: q.get("position").unwrap_or_default(),
        from: q.get("from").unwrap_or_default(),
        to: q.get("to").unwrap_or_default(),
    })
}

#[component]
pub fn AnalyticsPage() -> impl IntoView {
    let filters = filters_in_query();
    let report = Resource::new(move || filters.clone(), |f| analytics_report(Some(f)));
    view! {
        <Title text="Analytics · Keepers"/>
        <Guarded roles=&[Role::Analyst]>
            <div class="page-head">
                <h1>"Analytics"</h1>
                <p class="muted">"From invitation to the Offer: where candidates drop out, whether the screening predicts training and staying, whether it treats groups fairly, and how each question performs."</p>
            </div>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match report.await {
                        Ok(r) => view! { <ReportView report=r/> }.into_any(),
                        Err(e @ crate::error::AppError::Invalid { .. }) => {
                            crate::ui::set_status(422);
                            view! { <FilterForm filters=filters_in_query() positions=Vec::new() error=Some(e)/> }.into_any()
                        }
                        Err(e) => view! { <LoadError error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </Guarded>
    }
}

#[component]
fn FilterForm(filters: Filters, positions: Vec<(String, String)>, error: Option<crate::error::AppError>) -> impl IntoView {
    let error = Signal::stored(error);
    view! {
        <form method="get" action="/analytics" class="filters" aria-label="Filters">
            <div class="field">
                <label for="an-position">"Position"</label>
                <select id="an-position" name="position" aria-describedby="position-error">
                    <option value="">"All positions"</option>
                    {positions.into_iter().map(|(id, title)| {
                        let selected = id == filters.position;
                        view! { <option value=id selected=selected>{title}</option> }
                    }).collect_view()}
                </select>
                <FieldError error=error field="position"/>
            </div>
            <div class="field">
                <label for="an-from">"Invited from"</label>
                <input id="an-from" name="from" type="date" value=filters.from.clone() aria-describedby="from-error"/>
                <FieldError error=error field="from"/>
            </div>
            <div class="field">
                <label for="an-to">"Invited until"</label>
                <input id="an-to" name="to" type="date" value=filters.to.clone() aria-describedby="to-error"/>
                <FieldError error=error field="to"/>
            </div>
            <button type="submit">"Apply"</button>
        </form>
    }
}

#[component]
fn ReportView(report: Report) -> impl IntoView {
    view! {
        <FilterForm filters=report.filters.clone() positions=report.positions.clone() error=None/>
        // Stays at the top of the screen while the long page scrolls under it.
        <nav aria-label="Sections of this page" class="page-toc">
            <ul class="subnav">
                <li><a href="#funnel">"Funnel"</a></li>
                <li><a href="#validity">"Predictive validity"</a></li>
                <li><a href="#fairness">"Adverse impact"</a></li>
                <li><a href="#items">"Items and scales"</a></li>
            </ul>
        </nav>
        <section class="panel" id="funnel" aria-labelledby="funnel-title">
            <h2 id="funnel-title">"Hiring funnel"</h2>
            <p class="muted">"Conversion is measured from the stage named in brackets; median days are from that stage to this one. Attempts the server closed at the time limit count as submitted."</p>
            {report.funnels.first().cloned().map(|f| view! { <FunnelChart funnel=f/> })}
            {report.funnels.into_iter().map(|f| view! { <FunnelTable funnel=f/> }).collect_view()}
        </section>
        <section class="panel" id="validity" aria-labelledby="validity-title">
            <h2 id="validity-title">"Predictive validity"</h2>
            <ValidityView validity=report.validity/>
        </section>
        <section class="panel" id="fairness" aria-labelledby="fairness-title">
            <h2 id="fairness-title">"Adverse impact"</h2>
            <p class="muted">{format!(
                "From candidates' voluntary self-identification ({} in this view answered). The four-fifths rule (29 CFR 1607.4(D)): a group selected at under 80% of the highest group's rate is flagged. Fisher's exact test compares each group with the highest; p under 0.05 means the gap is unlikely to be chance. Groups of fewer than {} people are not shown, dates count in whole months, and a filtered view shows group figures only when it differs from the whole organisation by no group or by at least {} people in each, so no one's answers can be singled out by comparing two views.",
                report.self_identified, super::impact::MIN_GROUP, super::impact::MIN_GROUP
            )}</p>
            {report.impact_withheld.clone().map(|why| view! { <p class="alert info" role="status">{why}</p> })}
            {report.impact.into_iter().map(|d| view! { <DimensionView dimension=d/> }).collect_view()}
        </section>
        <section class="panel" id="items" aria-labelledby="items-title">
            <h2 id="items-title">"Items and scales"</h2>
            <p class="muted">"Difficulty is the mean score as a share of the maximum (the share correct for right-or-wrong questions). Discrimination is the correlation of an item with the rest of its screening: a negative one means strong candidates do worse on it. Cronbach's alpha under 0.70 marks a value scale whose items do not hang together."</p>
            {if report.items.is_empty() {
                view! { <p class="empty">"No scored attempts in this view yet."</p> }.into_any()
            } else {
                report.items.into_iter().map(|v| view! { <VersionView version=v/> }).collect_view().into_any()
            }}
        </section>
    }
}

#[component]
fn FunnelChart(funnel: Funnel) -> impl IntoView {
    let top = funnel.stages.first().map(|s| s.count).unwrap_or(0).max(1) as f64;
    let bars: Vec<Bar> = funnel
        .stages
        .iter()
        .map(|s| Bar {
            label: s.label.clone(),
            value: s.count as f64,
            shown: format!("{} ({})", s.count, percent(s.of_invited)),
            cells: vec![s.label.clone(), s.count.to_string(), percent(s.of_invited)],
        })
        .collect();
    // A round step (1, 2 or 5 times a power of ten) giving at most five ticks.
    let magnitude = 10f64.powf((top / 4.0).log10().floor()).max(1.0);
    let step = [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * magnitude).find(|s| top / s <= 4.0).unwrap_or(10.0 * magnitude);
    let ticks = (0..=4).map(|i| i as f64 * step).filter(|t| *t <= top + 1e-9).map(|t| (t, format!("{t:.0}"))).collect();
    let headers = ["Stage", "People", "Of invited"].map(String::from).to_vec();
    view! {
        <BarChart id="funnel-chart" title=format!("Hiring funnel: {}", funnel.title) bars=bars min=0.0 max=top ticks=ticks headers=headers/>
    }
}

#[component]
fn FunnelTable(funnel: Funnel) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="stack">
                <caption>{funnel.title.clone()}</caption>
                <thead><tr>
                    <th scope="col">"Stage"</th><th scope="col">"People"</th><th scope="col">"Conversion"</th>
                    <th scope="col">"Of invited"</th><th scope="col">"Median days"</th>
                </tr></thead>
                <tbody>
                    {funnel.stages.into_iter().map(|s| view! {
                        <tr>
                            <th scope="row" data-label="Stage">{s.label.clone()}</th>
                            <td data-label="People">{s.count}</td>
                            <td data-label="Conversion">{match &s.from {
                                Some(from) => format!("{} (of {})", percent(s.of_previous), from.to_lowercase()),
                                None => "—".into(),
                            }}</td>
                            <td data-label="Of invited">{percent(s.of_invited)}</td>
                            <td data-label="Median days">{match s.median_days {
                                Some(d) if d < 0.05 => "same day".to_string(),
                                other => number(other, 1),
                            }}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

fn coefficient_cells(c: &Coefficient, label: &'static str) -> impl IntoView {
    let interval = c.ci.map(|(lo, hi)| format!("{lo:.2} to {hi:.2}")).unwrap_or_else(|| "—".into());
    view! {
        <td data-label=format!("{label}: r")>{number(c.r, 2)}</td>
        <td data-label=format!("{label}: 95% interval")>{interval}</td>
        <td data-label=format!("{label}: n")>
            {c.n}
            {c.small().then(|| view! { " " <span class="flag-warn">"small n"</span> })}
        </td>
    }
}

#[component]
fn ValidityView(validity: Validity) -> impl IntoView {
    let smallest = validity.rows.first().map(|r| r.final_grade.n.min(r.stayed.n)).unwrap_or(0);
    view! {
        <p class="muted">"Pearson's r between each screening score and the final training grade (levels 1 to 5), and the point-biserial r with staying after the Offer (1 stayed, 0 took it), with 95% intervals from Fisher's z."</p>
        {(smallest < SMALL_N).then(|| view! {
            <p class="alert warn" role="note">{format!(
                "Fewer than {SMALL_N} people have both figures for some rows: those correlations can swing widely with one more person. Read the intervals, not the point values."
            )}</p>
        })}
        <div class="table-wrap">
            <table class="stack">
                <caption class="visually-hidden">"Correlation of screening scores with training and staying"</caption>
                <thead>
                    <tr>
                        <th scope="col" rowspan="2">"Screening score"</th>
                        <th scope="colgroup" colspan="3">"Final training grade"</th>
                        <th scope="colgroup" colspan="3">"Stayed after the Offer"</th>
                    </tr>
                    <tr>
                        <th scope="col">"r"</th><th scope="col">"95% interval"</th><th scope="col">"n"</th>
                        <th scope="col">"r"</th><th scope="col">"95% interval"</th><th scope="col">"n"</th>
                    </tr>
                </thead>
                <tbody>
                    {validity.rows.into_iter().map(|r| view! {
                        <tr>
                            <th scope="row" data-label="Screening score">{r.predictor.clone()}</th>
                            {coefficient_cells(&r.final_grade, "Grade")}
                            {coefficient_cells(&r.stayed, "Staying")}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        {(!validity.points.is_empty()).then(|| view! {
            <ScatterChart
                id="validity-scatter"
                title="Screening total against final training grade"
                x_label="Screening total (0 to 100)"
                y_label="Final training grade (1 to 5)"
                points=validity.points
                x_range=(0.0, 100.0)
                y_range=(1.0, 5.0)
                x_ticks=vec![0.0, 25.0, 50.0, 75.0, 100.0]
                y_ticks=vec![1.0, 2.0, 3.0, 4.0, 5.0]
            />
        })}
    }
}

#[component]
fn DimensionView(dimension: Dimension) -> impl IntoView {
    view! {
        <h3>{dimension.question.clone()}</h3>
        {dimension.stages.into_iter().map(|s| view! { <StageView question=dimension.question.clone() stage=s/> }).collect_view()}
    }
}

#[component]
fn StageView(question: String, stage: StageTable) -> impl IntoView {
    let worse = stage.higher_is_worse;
    let note = format!(
        "Among {}.{}{}",
        stage.among,
        if stage.suppressed > 0 { format!(" {} in groups too small to show.", stage.suppressed) } else { String::new() },
        if stage.unanswered > 0 { format!(" {} did not answer.", stage.unanswered) } else { String::new() },
    );
    view! {
        <div class="table-wrap">
            <table class="stack">
                <caption>{format!("{}: {}", question, stage.stage)}</caption>
                <thead><tr>
                    <th scope="col">"Group"</th><th scope="col">"People"</th><th scope="col">{if worse { "With signals" } else { "Selected" }}</th><th scope="col">"Rate"</th>
                    <th scope="col">"Impact ratio"</th><th scope="col">"Fisher p"</th>
                </tr></thead>
                <tbody>
                    {if stage.rows.is_empty() {
                        view! { <tr><td colspan="6">"No group is large enough to show."</td></tr> }.into_any()
                    } else {
                        stage.rows.into_iter().map(|r| view! {
                            <tr>
                                <th scope="row" data-label="Group">
                                    {r.group.clone()}
                                    {r.highest.then_some(if worse { " (lowest rate)" } else { " (highest rate)" })}
                                </th>
                                <td data-label="People">{r.total}{r.small.then(|| view! { " " <span class="flag-warn">"small sample"</span> })}</td>
                                <td data-label="Selected">{r.selected}</td>
                                <td data-label="Rate">{percent(Some(r.rate))}</td>
                                <td data-label="Impact ratio">
                                    {number(r.ratio, 2)}
                                    {r.below_four_fifths.then(|| view! { " " <span class="flag-warn">"below four fifths"</span> })}
                                </td>
                                <td data-label="Fisher p">{p_value(r.p_value)}</td>
                            </tr>
                        }).collect_view().into_any()
                    }}
                </tbody>
            </table>
            <p class="muted small table-note">{note}</p>
        </div>
    }
}

#[component]
fn VersionView(version: VersionItems) -> impl IntoView {
    let negative = version.items.iter().filter(|i| i.negative()).count();
    let low = version.scales.iter().filter(|s| s.low()).count();
    view! {
        <h3>{version.label.clone()}</h3>
        <p class="muted">{format!(
            "{} attempt{}.{}{}",
            version.attempts,
            if version.attempts == 1 { "" } else { "s" },
            if negative > 0 { format!(" {negative} item(s) discriminate negatively.") } else { String::new() },
            if low > 0 { format!(" {low} scale(s) below alpha 0.70.") } else { String::new() },
        )}</p>
        {(!version.scales.is_empty()).then(|| view! {
            <div class="table-wrap">
                <table class="stack">
                    <caption>"Value scales (Likert items)"</caption>
                    <thead><tr><th scope="col">"Value"</th><th scope="col">"Items"</th><th scope="col">"Complete answers"</th><th scope="col">"Cronbach's alpha"</th></tr></thead>
                    <tbody>
                        {version.scales.iter().map(|s| view! {
                            <tr>
                                <th scope="row" data-label="Value">{s.name.clone()}</th>
                                <td data-label="Items">{s.items}</td>
                                <td data-label="Complete answers">{s.complete}</td>
                                <td data-label="Cronbach's alpha">
                                    {number(s.alpha, 2)}
                                    {s.low().then(|| view! { " " <span class="flag-warn">"below 0.70"</span> })}
                                </td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        })}
        <div class="table-wrap">
            <table class="stack">
                <caption>"Items"</caption>
                <thead><tr>
                    <th scope="col">"Item"</th><th scope="col">"Type"</th><th scope="col">"Answered"</th>
                    <th scope="col">"Difficulty"</th><th scope="col">"Discrimination"</th><th scope="col">"Options chosen"</th>
                </tr></thead>
                <tbody>
                    {version.items.into_iter().map(|i| {
                        let difficulty = match (i.difficulty, i.likert_mean) {
                            (Some(d), _) => format!("{:.0}%", d * 100.0),
                            (None, Some(m)) => format!("mean {m:.2} of 5"),
                            _ => "—".into(),
                        };
                        let options = i.options.iter().map(|(k, s)| format!("{k} {:.0}%", s * 100.0)).collect::<Vec<_>>().join(", ");
                        view! {
                            <tr>
                                <th scope="row" data-label="Item"><span class="muted small">{format!("{} · {} · ", i.section, i.item)}</span>{i.text.clone()}</th>
                                <td data-label="Type">{i.kind.clone()}</td>
                                <td data-label="Answered">{i.n}</td>
                                <td data-label="Difficulty">{difficulty}</td>
                                <td data-label="Discrimination">
                                    {number(i.discrimination, 2)}
                                    {i.negative().then(|| view! { " " <span class="flag-warn">"negative"</span> })}
                                </td>
                                <td data-label="Options chosen">{if options.is_empty() { "—".to_string() } else { options }}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
