//! Survey questions that measure a survey-based indicator in a gemeente: the
//! gemeente links a question of one of its own surveys and the answers that
//! count; the values per wijk are counted from the answers when read.

use super::*;

/// A survey question on the form, with the answers that can be counted.
#[derive(Clone, Debug, Serialize)]
pub struct LinkableQuestion {
    pub survey_id: String,
    pub survey_title: wijkwerk_domain::texts::Texts,
    pub survey_status: String,
    pub question: String,
    pub text: wijkwerk_domain::texts::Texts,
    /// `(code, label)`: option codes, or `1`…`5` for a scale (label = code).
    pub answers: Vec<(String, wijkwerk_domain::texts::Texts)>,
}

/// A link as shown: the stored link with the survey's and question's texts.
#[derive(Clone, Debug, Serialize)]
pub struct SurveyLinkView {
    #[serde(flatten)]
    pub link: SurveyLink,
    pub indicator_name: wijkwerk_domain::texts::Texts,
    pub survey_title: wijkwerk_domain::texts::Texts,
    pub question_text: wijkwerk_domain::texts::Texts,
    pub answer_labels: Vec<wijkwerk_domain::texts::Texts>,
}

/// The gemeente's survey questions that measure indicators, and the
/// questions that could.
#[derive(Clone, Debug, Serialize)]
pub struct SurveyIndicators {
    pub gemeente: Place,
    pub links: Vec<SurveyLinkView>,
    pub questions: Vec<LinkableQuestion>,
    pub may_change: bool,
}

fn linkable(survey: &wijkwerk_store::surveys::Survey) -> Vec<LinkableQuestion> {
    survey
        .def
        .questions
        .iter()
        .filter(|q| !rules::answer_codes(q).is_empty() && rules::countable(q.kind))
        .map(|q| LinkableQuestion {
            survey_id: survey.id.clone(),
            survey_title: survey.def.title.clone(),
            survey_status: survey.status.clone(),
            question: q.code.clone(),
            text: q.text.clone(),
            answers: rules::answer_codes(q)
                .into_iter()
                .map(|code| {
                    let label = q
                        .options
                        .iter()
                        .find(|o| o.code == code)
                        .map(|o| o.label.clone())
                        .unwrap_or_else(|| [("nl".to_string(), code.clone())].into_iter().collect());
                    (code, label)
                })
                .collect(),
        })
        .collect()
}

/// `/plaatsen/{code}/effecten` (the part on surveys) and
/// `GET /api/v1/places/{code}/survey-indicators`.
pub async fn survey_indicators(store: &Store, actor: &Actor, code: &str) -> Result<SurveyIndicators> {
    let (gemeente, path) = gemeente_for(store, actor, code).await?;
    let surveys = store.surveys_in(std::slice::from_ref(&gemeente.code)).await?;
    let questions: Vec<LinkableQuestion> = surveys.iter().flat_map(linkable).collect();
    let links = store
        .survey_links(&gemeente.code)
        .await?
        .into_iter()
        .map(|link| {
            let def: Option<wijkwerk_domain::survey::SurveyDef> = serde_json::from_str(&link.definition).ok();
            let question = def.as_ref().and_then(|d| d.questions.iter().find(|q| q.code == link.question));
            let answer_labels = link
                .answers
                .iter()
                .map(|a| {
                    question
                        .and_then(|q| q.options.iter().find(|o| &o.code == a))
                        .map(|o| o.label.clone())
                        .unwrap_or_else(|| [("nl".to_string(), a.clone())].into_iter().collect())
                })
                .collect();
            SurveyLinkView {
                indicator_name: rules::find(&link.indicator).map(|i| i.name.clone()).unwrap_or_default(),
                survey_title: def.as_ref().map(|d| d.title.clone()).unwrap_or_default(),
                question_text: question.map(|q| q.text.clone()).unwrap_or_default(),
                answer_labels,
                link,
            }
        })
        .collect();
    Ok(SurveyIndicators { may_change: may_change(actor, &path), gemeente, links, questions })
}

/// Links a question of one of the gemeente's surveys to a survey-based
/// indicator: from then on its share per wijk is that indicator's value in
/// the chosen year (linking again changes the answers or the year).
pub async fn link_survey(
    store: &Store,
    actor: &Actor,
    code: &str,
    survey_id: &str,
    input: impl FnOnce(
        &wijkwerk_domain::survey::SurveyDef,
    ) -> std::result::Result<rules::SurveyLinkInput, wijkwerk_domain::Invalid>,
) -> Result<SurveyLink> {
    let (gemeente, path) = gemeente_for(store, actor, code).await?;
    if !may_change(actor, &path) {
        return Err(Error::Forbidden("error-page-no-role-here"));
    }
    // Only a survey held in this gemeente: another gemeente's answers are not ours to count.
    let survey = store
        .surveys_in(std::slice::from_ref(&gemeente.code))
        .await?
        .into_iter()
        .find(|s| s.id == survey_id)
        .ok_or_else(|| Error::invalid("survey", "survey-unknown"))?;
    let link = input(&survey.def)?;
    store.link_survey(&gemeente.code, &survey.id, &link, &actor.person_id).await?;
    let detail = format!("{} {} {}: {}", survey.id, link.question, link.year, link.answers.join(","));
    audit::record(store, actor, "indicator.survey-linked", &gemeente.code, &link.indicator, &detail).await?;
    store
        .survey_links(&gemeente.code)
        .await?
        .into_iter()
        .find(|l| l.indicator == link.indicator && l.survey_id == survey.id)
        .ok_or(Error::NotFound("survey link"))
}

/// Ends a link; the indicator's values from that survey go with it.
pub async fn unlink_survey(
    store: &Store,
    actor: &Actor,
    code: &str,
    indicator: &str,
    survey_id: &str,
) -> Result<()> {
    let (gemeente, path) = gemeente_for(store, actor, code).await?;
    if !may_change(actor, &path) {
        return Err(Error::Forbidden("error-page-no-role-here"));
    }
    if !store.unlink_survey(&gemeente.code, indicator, survey_id).await? {
        return Err(Error::NotFound("survey link"));
    }
    audit::record(store, actor, "indicator.survey-unlinked", &gemeente.code, indicator, survey_id).await?;
    Ok(())
}
