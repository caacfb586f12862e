//! Progress: the year's calendar (minutes a day), trend charts per lesson (score, evenness,
//! tempo), mood before and after over time, personal bests and this week's milestones.

use iced::widget::{button, canvas, column, container, pick_list, row, scrollable, text};
use iced::{Fill, Length, Task};
use jiff::civil::Date;

use crate::engine::report::stars;
use crate::engine::words::stars as stars_of;
use crate::lesson::Library;
use crate::progress::DayBest;
use crate::progress::then_and_now::ThenAndNow;
use crate::progress::words::{clean_runs, count, minutes};
use crate::service::overview::{self, Year};
use crate::store::journal::Journal;
use crate::ui::widget::calendar::MONTH_ROW;
use crate::ui::widget::{Calendar, Chart, Series};
use crate::ui::{Element, style};

/// A lesson to chart, as the chooser lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LessonChoice {
    /// Lesson id.
    pub id: String,
    /// Its title.
    pub title: String,
}

impl std::fmt::Display for LessonChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.title)
    }
}

/// What happens on the Progress screen.
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    /// Chart this lesson.
    LessonChosen(LessonChoice),
    /// Play the lesson's first run and its best lately, back to back.
    ThenAndNow(ThenAndNow),
    /// Stop playing them.
    Stop,
}

/// What the Progress screen asks of the app.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Play these two runs back to back.
    ThenAndNow(ThenAndNow),
    /// Stop what plays.
    Stop,
}

/// The Progress screen's own state: the year read from the journal, the lesson charted and
/// its trend; or why the journal could not be read.
pub struct Progress {
    shown: Result<Charts, String>,
}

struct Charts {
    year: Year,
    lesson: Option<LessonChoice>,
    trend: Vec<DayBest>,
    /// The tempo ladder's climb of the lesson charted, in words.
    climb: Option<String>,
    /// The lesson's first recorded run and its best lately.
    then_and_now: Option<ThenAndNow>,
    drawn: Drawn,
}

/// The canvases, drawn once and kept until their data or size changes.
#[derive(Default)]
struct Drawn {
    calendar: canvas::Cache,
    moods: canvas::Cache,
    /// Score, evenness and tempo of the lesson charted.
    trend: [canvas::Cache; 3],
}

impl Progress {
    /// The year up to `today` from `journal` (or why there is none), charting `lesson` or
    /// else the most played one.
    pub fn load(
        journal: Result<&Journal, &str>,
        library: &Library,
        today: Date,
        rule: crate::progress::days::StreakRule,
        lesson: Option<LessonChoice>,
    ) -> Progress {
        let shown = journal.map_err(str::to_owned).and_then(|journal| {
            let year = overview::year(journal, library, today, rule).map_err(|e| e.to_string())?;
            let lesson = lesson.or_else(|| {
                year.bests.first().map(|(title, best)| LessonChoice {
                    id: best.lesson.clone(),
                    title: title.clone(),
                })
            });
            let trend = lesson
                .as_ref()
                .and_then(|l| journal.lesson_trend(&l.id).ok())
                .unwrap_or_default();
            let climb = lesson.as_ref().and_then(|l| climb(journal, library, &l.id));
            let then_and_now = lesson
                .as_ref()
                .and_then(|l| overview::then_and_now(journal, &l.id).ok().flatten());
            Ok(Charts {
                year,
                lesson,
                trend,
                climb,
                then_and_now,
                drawn: Drawn::default(),
            })
        });
        Progress { shown }
    }

    /// The lesson charted.
    pub fn lesson(&self) -> Option<&LessonChoice> {
        self.shown.as_ref().ok().and_then(|c| c.lesson.as_ref())
    }

    /// Handles a message: another lesson's trend (and tempo ladder, the lesson from `library`)
    /// is read from `journal`.
    pub fn update(
        &mut self,
        message: Message,
        journal: Option<&Journal>,
        library: &Library,
    ) -> (Task<Message>, Option<Action>) {
        let choice = match message {
            Message::LessonChosen(choice) => choice,
            Message::ThenAndNow(pair) => return (Task::none(), Some(Action::ThenAndNow(pair))),
            Message::Stop => return (Task::none(), Some(Action::Stop)),
        };
        if let (Ok(charts), Some(journal)) = (&mut self.shown, journal) {
            charts.trend = journal.lesson_trend(&choice.id).unwrap_or_default();
            charts.climb = climb(journal, library, &choice.id);
            charts.then_and_now = overview::then_and_now(journal, &choice.id).ok().flatten();
            charts.lesson = Some(choice);
            for cache in &charts.drawn.trend {
                cache.clear();
            }
        }
        (Task::none(), None)
    }

    /// The screen; `playing` names what plays, if anything; `sound` is false when there is
    /// no sound to play runs with.
    pub fn view(&self, playing: Option<&str>, sound: bool) -> Element<'_, Message> {
        match &self.shown {
            Ok(charts) => {
                let choices = charts
                    .year
                    .bests
                    .iter()
                    .map(|(title, best)| LessonChoice {
                        id: best.lesson.clone(),
                        title: title.clone(),
                    })
                    .collect();
                view(
                    &charts.year,
                    Charted {
                        choices,
                        chosen: charts.lesson.clone(),
                        trend: &charts.trend,
                        climb: charts.climb.as_deref(),
                        then_and_now: charts.then_and_now.as_ref(),
                        sound,
                        playing: charts
                            .then_and_now
                            .as_ref()
                            .is_some_and(|pair| playing == Some(pair.key().as_str())),
                        drawn: &charts.drawn.trend,
                    },
                    &charts.drawn,
                )
            }
            Err(problem) => text(problem.clone()).into(),
        }
    }
}

/// The lesson charted and its trend.
struct Charted<'a> {
    /// The lessons that can be charted (those played).
    pub choices: Vec<LessonChoice>,
    /// The one charted.
    pub chosen: Option<LessonChoice>,
    /// Its days.
    pub trend: &'a [DayBest],
    /// Its tempo ladder's climb, in words.
    pub climb: Option<&'a str>,
    /// Its first recorded run and its best lately.
    pub then_and_now: Option<&'a ThenAndNow>,
    /// Whether they are playing.
    pub playing: bool,
    /// Whether there is sound to play them with.
    pub sound: bool,
    /// Where its three charts are kept.
    drawn: &'a [canvas::Cache; 3],
}

/// How the tempo ladder of lesson `id` climbed: "Tempo ladder: 58 → 72 of 96 bpm, 5 to go, over
/// 4 runs in tempo mode" (none when the lesson is not in the library).
fn climb(journal: &Journal, library: &Library, id: &str) -> Option<String> {
    let lesson = library.find(id)?;
    let ladder = overview::ladder(journal, &lesson).ok()?;
    let start = crate::progress::Ladder::climbed(ladder.target, []).tempo();
    Some(match ladder.history.len() {
        0 => format!("Tempo ladder: starts at {}", ladder.words()),
        runs => format!(
            "Tempo ladder: {start} → {}, over {}",
            ladder.words(),
            count(runs as u32, "run in tempo mode", "runs in tempo mode")
        ),
    })
}

fn days_between(first: Date, day: Date) -> f32 {
    first.until(day).map_or(0.0, |span| span.get_days() as f32)
}

/// The Progress screen.
fn view<'a>(year: &'a Year, charted: Charted<'a>, drawn: &'a Drawn) -> Element<'a, Message> {
    let mut page = column![text("Progress").size(style::TITLE_SIZE)].spacing(style::SPACING);
    let weeks = year.calendar.len().div_ceil(7) as f32;
    page = page.push(
        column![
            text(format!(
                "The last twelve months: {} played, {}, {} · streak {} (best {})",
                count(year.days_played as u64, "day", "days"),
                minutes(year.minutes),
                clean_runs(year.clean_runs.values().map(|n| *n as usize).sum()),
                year.streak.current,
                year.streak.best
            ))
            .size(18),
            canvas(
                Calendar::new(year.calendar.clone(), year.minimum)
                    .with_months()
                    .marked(&year.streak.rested, &year.clean_runs)
                    .cached(&drawn.calendar)
            )
                .width(Length::Fixed(weeks * 16.0))
                .height(Length::Fixed(7.0 * 16.0 + MONTH_ROW)),
            text("A square a day, Monday at the top: pale blue when you played less than your daily minimum, green when you met it, dark green at twice it; gold for a rest day that kept the streak; a white dot for a day with clean runs.").size(13),
        ]
        .spacing(8),
    );
    if !year.milestones.is_empty() {
        let mut said = column![text("This week").size(20)].spacing(4);
        for milestone in &year.milestones {
            said = said.push(text(format!("★ {milestone}")).color(style::GOLD));
        }
        page = page.push(said);
    }
    page = page.push(trend_view(charted));
    page = page.push(mood_view(year, &drawn.moods));
    let mut bests = column![text("Personal bests").size(20)].spacing(4);
    if year.bests.is_empty() {
        bests = bests.push(text("Finish a run of any lesson and its best shows here."));
    }
    for (title, best) in &year.bests {
        let mut line = format!(
            "{title}: best {} {}",
            best.best_score,
            stars_of(best.best_passed_score.map_or(0, |s| stars(true, s)))
        );
        match (best.highest_tempo_passed, best.best_passed_score) {
            (Some(tempo), _) => line.push_str(&format!(" · passed in tempo mode at {tempo} bpm")),
            (None, Some(_)) => line.push_str(" · passed in wait mode"),
            (None, None) => {}
        }
        if let Some(cv) = best.best_evenness {
            line.push_str(&format!(" · evenest {:.1}%", cv * 100.0));
        }
        line.push_str(&format!(" · {}", count(best.attempts, "run", "runs")));
        bests = bests.push(text(line));
    }
    page = page.push(bests);
    container(scrollable(page.padding(style::PADDING).width(Fill)))
        .width(Fill)
        .height(Fill)
        .into()
}

fn trend_view(charted: Charted<'_>) -> Element<'_, Message> {
    let mut part = column![
        row![
            text("Trend").size(20),
            pick_list(
                charted.choices,
                charted.chosen.clone(),
                Message::LessonChosen
            )
            .placeholder("Choose a lesson")
        ]
        .spacing(style::SPACING)
    ]
    .spacing(8);
    if let Some(climb) = charted.climb {
        part = part.push(text(climb).color(style::NEXT));
    }
    if let Some(pair) = charted.then_and_now {
        let play = if !charted.sound {
            None
        } else if charted.playing {
            Some(button(text("■ Stop")).on_press(Message::Stop))
        } else {
            Some(
                button(text("▶ Hear how far you came")).on_press(Message::ThenAndNow(pair.clone())),
            )
        };
        part = part.push(
            row![text("Then and now").size(18)]
                .push(play)
                .push(text(pair.words("best lately")))
                .spacing(style::SPACING)
                .align_y(iced::Center)
                .wrap(),
        );
    }
    let (Some(first), Some(last)) = (charted.trend.first(), charted.trend.last()) else {
        return part
            .push(text("Play a lesson on a few days to see it climb."))
            .into();
    };
    let span = days_between(first.date, last.date);
    let labels = || (first.date.to_string(), last.date.to_string());
    let x = |day: &DayBest| days_between(first.date, day.date);
    let chart = |title: String, series: Series, range: (f32, f32), cache| {
        column![
            text(title),
            canvas(Chart::new(vec![series], span, range, labels()).cached(cache))
                .width(Length::Fixed(320.0))
                .height(Length::Fixed(140.0)),
        ]
        .spacing(4)
    };
    let score = Series {
        points: charted
            .trend
            .iter()
            .map(|d| (x(d), f32::from(d.score)))
            .collect(),
        colour: style::NEXT,
    };
    let evenness = Series {
        points: charted
            .trend
            .iter()
            .filter_map(|d| d.ioi_cv.map(|cv| (x(d), (cv * 100.0) as f32)))
            .collect(),
        colour: style::RIGHT,
    };
    let top = evenness.points.iter().map(|p| p.1).fold(10.0, f32::max);
    let tempo = Series {
        points: charted
            .trend
            .iter()
            .filter_map(|d| d.tempo_bpm.map(|t| (x(d), f32::from(t))))
            .collect(),
        colour: style::GOLD,
    };
    let (slowest, fastest) = tempo
        .points
        .iter()
        .fold((f32::MAX, 0f32), |(lo, hi), p| (lo.min(p.1), hi.max(p.1)));
    let tempo_range = if fastest > 0.0 {
        ((slowest - 10.0).max(0.0), fastest + 10.0)
    } else {
        (40.0, 140.0)
    };
    part = part.push(
        row![
            chart(
                "Best score a day".into(),
                score,
                (0.0, 100.0),
                &charted.drawn[0]
            ),
            chart(
                "Evenness: variation in % (lower is evener)".into(),
                evenness,
                (0.0, top),
                &charted.drawn[1]
            ),
            chart(
                "Fastest tempo passed (bpm)".into(),
                tempo,
                tempo_range,
                &charted.drawn[2]
            ),
        ]
        .spacing(style::SPACING)
        .wrap(),
    );
    part.into()
}

fn mood_view<'a>(year: &'a Year, cache: &'a canvas::Cache) -> Element<'a, Message> {
    let part = column![text("Mood before and after playing").size(20)].spacing(8);
    let (Some(first), Some(last)) = (year.moods.first(), year.moods.last()) else {
        return part
            .push(text(
                "Say how you feel before and after playing (on Today and after a run) to see it here.",
            ))
            .into();
    };
    let span = days_between(first.date, last.date);
    let points = |pick: fn(&crate::progress::SessionMood) -> Option<u8>| {
        year.moods
            .iter()
            .filter_map(|m| pick(m).map(|v| (days_between(first.date, m.date), f32::from(v))))
            .collect::<Vec<_>>()
    };
    let series = vec![
        Series {
            points: points(|m| m.before),
            colour: style::HELD,
        },
        Series {
            points: points(|m| m.after),
            colour: style::RIGHT,
        },
    ];
    let lifted: Vec<i16> = year
        .moods
        .iter()
        .filter_map(|m| Some(i16::from(m.after?) - i16::from(m.before?)))
        .collect();
    let summary = if lifted.is_empty() {
        String::new()
    } else {
        let mean = f64::from(lifted.iter().sum::<i16>()) / lifted.len() as f64;
        format!(
            " · on average {mean:+.1} after playing, over {}",
            count(lifted.len() as u64, "session", "sessions")
        )
    };
    part.push(
        column![
            text(format!("light blue: before · green: after{summary}")),
            canvas(
                Chart::new(
                    series,
                    span,
                    (1.0, 10.0),
                    (first.date.to_string(), last.date.to_string())
                )
                .cached(cache)
            )
            .width(Length::Fixed(480.0))
            .height(Length::Fixed(140.0)),
        ]
        .spacing(4),
    )
    .into()
}
