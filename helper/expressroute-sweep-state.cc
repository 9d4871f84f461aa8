// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-sweep-state.h"

#include "ns3/log.h"

#include <cstdio>
#include <cstring>
#include <ostream>
#include <set>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteSweepState");

Sweep
ExpandSweep(SweepSpec spec)
{
    Sweep s;
    s.points = ExpandPoints(spec);
    s.runs = ExpandRuns(spec, s.points);
    s.spec = std::move(spec);
    return s;
}

RunTally::RunTally(const std::vector<RunOutcome>& outcomes)
{
    for (const auto& o : outcomes)
    {
        ++m_count[o.status];
    }
}

std::size_t
RunTally::Of(RunStatus status) const
{
    auto it = m_count.find(status);
    return it == m_count.end() ? 0 : it->second;
}

std::string
RunTally::Describe() const
{
    std::string out;
    for (auto s : {RunStatus::Completed,
                   RunStatus::Failed,
                   RunStatus::Timeout,
                   RunStatus::Interrupted,
                   RunStatus::Running,
                   RunStatus::Pending})
    {
        if (Of(s) > 0 || s == RunStatus::Completed)
        {
            out += (out.empty() ? "" : ", ") + std::to_string(Of(s)) + " " + ToString(s);
        }
    }
    return out;
}

bool
ShouldRun(const RunOutcome& o, bool retryFailed)
{
    switch (o.status)
    {
    case RunStatus::Completed:
        return false;
    case RunStatus::Failed:
        // Damaged files are no verdict on the simulation: run it again to get them whole.
        return retryFailed || !o.damage.empty();
    case RunStatus::Timeout:
        return retryFailed;
    default:
        return true;
    }
}

std::string
SignalName(int sig)
{
    const char* abbrev = sigabbrev_np(sig);
    return abbrev ? std::string("SIG") + abbrev : "signal " + std::to_string(sig);
}

std::string
ShellQuote(const std::string& s)
{
    if (!s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                          "0123456789_-+=/.,:@%") == std::string::npos)
    {
        return s;
    }
    std::string out = "'";
    for (char c : s)
    {
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return out + "'";
}

std::vector<std::string>
SimArgv(const std::string& sim, const Sweep& s, const SweepRun& run)
{
    return {sim,
            "--scenario=" + SweepDirectory::InputFile(s.points[run.point].key),
            "--out=" + SweepDirectory::RunDir(run.key),
            "--seed=" + std::to_string(s.spec.seed),
            "--run=" + std::to_string(run.run)};
}

std::string
JoinCommand(const std::vector<std::string>& argv)
{
    std::string out;
    for (const auto& a : argv)
    {
        out += (out.empty() ? "" : " ") + ShellQuote(a);
    }
    return out;
}

IndexRow
MakeRow(const Sweep& s,
        const SweepRun& run,
        const RunOutcome& outcome,
        const SweepDirectory& dir,
        const std::string& sim)
{
    IndexRow row;
    row.key = run.key;
    row.point = run.point;
    row.run = run.run;
    row.seed = s.spec.seed;
    row.values = s.points[run.point].values;
    row.outcome = outcome;
    row.command = JoinCommand(SimArgv(sim, s, run));
    if (outcome.status == RunStatus::Completed)
    {
        if (auto summary = dir.ReadSummary(run.key))
        {
            FlattenSummary(*summary, row.headline, row.metrics);
        }
    }
    return row;
}

namespace
{

/// The headline columns of every point's scenario, in order, once each.
std::vector<std::string>
HeadlineOf(const Sweep& s)
{
    std::vector<std::string> names;
    std::set<std::string> seen;
    for (const auto& point : s.points)
    {
        for (const auto& name : ExpectedHeadline(PointScenario(s.spec, point)))
        {
            if (seen.insert(name).second)
            {
                names.push_back(name);
            }
        }
    }
    return names;
}

} // namespace

void
RebuildIndex(SweepIndex& index,
             const Sweep& s,
             const SweepDirectory& dir,
             const std::vector<RunOutcome>& outcomes,
             const std::string& sim)
{
    std::vector<IndexRow> rows;
    rows.reserve(s.runs.size());
    for (std::size_t i = 0; i < s.runs.size(); ++i)
    {
        rows.push_back(MakeRow(s, s.runs[i], outcomes[i], dir, sim));
    }
    index.Rebuild(s.spec, rows, HeadlineOf(s));
}

std::vector<RunOutcome>
ReadOutcomes(const Sweep& s, const SweepDirectory& dir)
{
    std::vector<RunOutcome> outcomes;
    outcomes.reserve(s.runs.size());
    for (const auto& run : s.runs)
    {
        outcomes.push_back(dir.ReadOutcome(run.key));
    }
    return outcomes;
}

RunOutcome
Classify(const ProcessResult& r, const SweepDirectory& dir, const std::string& key)
{
    RunOutcome o;
    o.host = HostName();
    o.wallSeconds = r.wallSeconds;
    const RunOutcome onDisk = dir.ReadOutcome(key);
    if (r.end == ProcessEnd::Exited && r.exitCode == 0 && onDisk.status == RunStatus::Completed)
    {
        o.status = RunStatus::Completed;
        o.exitCode = 0;
        o.events = onDisk.events;
        return o;
    }
    switch (r.end)
    {
    case ProcessEnd::Exited:
        o.status = RunStatus::Failed;
        o.exitCode = r.exitCode;
        break;
    case ProcessEnd::Signalled:
        o.status = RunStatus::Failed;
        o.signal = r.signal;
        break;
    case ProcessEnd::TimedOut:
    case ProcessEnd::Interrupted:
        o.status = r.end == ProcessEnd::TimedOut ? RunStatus::Timeout : RunStatus::Interrupted;
        // Asked to stop, the simulator usually exits (130, having written what it reached);
        // one that had to be killed ends by the signal.
        if (r.signal == 0)
        {
            o.exitCode = r.exitCode;
        }
        else
        {
            o.signal = r.signal;
        }
        break;
    }
    o.stderrTail = dir.StderrTail(key);
    if (r.end == ProcessEnd::Exited && r.exitCode == 0)
    {
        o.damage = onDisk.damage;
        o.stderrTail += (o.stderrTail.empty() ? "" : "\n") +
                        std::string("expressroute-sweep: exited 0 but ") +
                        (onDisk.damage.empty() ? SweepDirectory::RunDir(key) +
                                                     "/run.json does not say completed"
                                               : onDisk.damage);
    }
    return o;
}

std::string
DescribeEnd(const RunOutcome& o)
{
    std::string out = ToString(o.status);
    if (o.exitCode && *o.exitCode != 0)
    {
        out += ", exit status " + std::to_string(*o.exitCode);
    }
    if (o.signal)
    {
        out += ", " + SignalName(*o.signal);
    }
    if (o.wallSeconds)
    {
        char buf[32];
        std::snprintf(buf, sizeof(buf), " after %.1f s", *o.wallSeconds);
        out += buf;
    }
    return out;
}

std::string
LastLine(const std::string& text)
{
    auto nl = text.find_last_of('\n');
    return nl == std::string::npos ? text : text.substr(nl + 1);
}

std::size_t
ReportDamaged(const Sweep& s,
              const std::vector<RunOutcome>& outcomes,
              const std::string& then,
              std::ostream& err)
{
    std::size_t damaged = 0;
    for (std::size_t i = 0; i < s.runs.size(); ++i)
    {
        if (!outcomes[i].damage.empty())
        {
            ++damaged;
            err << "warning: " << outcomes[i].damage << ": point " << s.runs[i].point << " run "
                << s.runs[i].run << " (" << s.runs[i].key << ") counts as failed; " << then
                << "\n";
        }
    }
    return damaged;
}

std::string
DescribeShape(const Sweep& s)
{
    return std::to_string(s.runs.size()) + " runs (" + std::to_string(s.points.size()) +
           " points x " + std::to_string(s.spec.runs) + " runs)";
}

} // namespace expressroute
} // namespace ns3
