//! `etude goals`: the day's micro-goals and the week's own goal with their progress, and
//! `goals add` for a goal of the player's own, in the grammar or as people say it.

use clap::Subcommand;
use serde_json::json;

use super::journal::{day, goal_values, journal_to_read, list_goals};
use super::{CliError, Output};
use crate::progress::days;
use crate::service::goal_words;
use crate::service::overview;

/// `etude goals`: the day's goals and the week's, with their progress.
pub fn goals(on: Option<&str>, json: bool) -> Result<Output, CliError> {
    let mut out = Output::ok();
    let context = super::context_with_lessons();
    let mut journal = journal_to_read(&context)?;
    let library = &context.library;
    let date = day(on)?;
    let goals = goal_values(&overview::goals(&mut journal, library, date, on.is_none())?)?;
    let week = overview::week_goal(&journal, library, date)?;
    if json {
        out.json(&json!({
            "date": date.to_string(),
            "goals": goals,
            "week": {
                "start": days::week_start(date).to_string(),
                "goal": week,
            },
        }))?;
    } else {
        outln!(out, "Goals for {date}:");
        list_goals(&mut out, &goals);
        if let Some(week) = week {
            outln!(out, "This week:");
            list_goals(&mut out, &goal_values(&[week])?);
        }
    }
    Ok(out)
}

/// `etude goals add WORDS…`: a goal of the user's own for the day (at most three a day), or
/// with `week` for the week (one a week), said back as understood.
pub fn add_goal(words: &[String], on: Option<&str>, week: bool) -> Result<Output, CliError> {
    let context = super::context_with_lessons();
    let library = &context.library;
    let phrase = words.join(" ");
    let spec = goal_words::understand(&phrase, library).map_err(CliError::Input)?;
    if let Some(warning) = overview::unknown_lesson(&spec, library) {
        eprintln!("warning: {warning}");
    }
    let mut journal = context.open_journal()?;
    let date = day(on)?;
    let described = spec.describe(&|id: &str| overview::title(library, id));
    if week {
        let monday = days::week_start(date);
        journal.set_week_goal(monday, &spec)?;
        eprintln!("Understood: {described} (`{spec}`). Goal for the week of {monday}.");
    } else {
        journal.add_goal(date, &spec, false)?;
        eprintln!("Understood: {described} (`{spec}`). Goal for {date}.");
    }
    Ok(Output::ok())
}

/// `etude goals …`
#[derive(Debug, Subcommand)]
pub enum GoalsCommand {
    /// Add a goal as you would say it ("C major scale for 5 minutes", "3 clean runs of G
    /// major at 80 bpm", "5 minutes", "try a new progression") or in the grammar:
    /// `minutes 5 [on LESSON]`, `clean 3 LESSON [at BPM]`, `new KIND`,
    /// `beat score|evenness|tempo LESSON`, `review LESSON`.
    Add {
        /// The goal, in words.
        #[arg(required = true, num_args = 1..)]
        goal: Vec<String>,
        /// For this date instead of today.
        #[arg(long)]
        on: Option<String>,
        /// The week's goal of your own (one a week) instead of one for the day.
        #[arg(long)]
        week: bool,
    },
}
