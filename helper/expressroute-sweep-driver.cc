// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-sweep-driver.h"

#include "expressroute-geography-reader.h"
#include "expressroute-run-directory.h"
#include "expressroute-sweep-directory.h"
#include "expressroute-sweep-grid.h"
#include "expressroute-sweep-index.h"
#include "expressroute-sweep-progress.h"
#include "expressroute-sweep-runner.h"
#include "expressroute-sweep-slurm.h"
#include "expressroute-sweep-spec.h"
#include "expressroute-sweep-state.h"

#include "ns3/log.h"

#include <chrono>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <ostream>
#include <unistd.h>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteSweepDriver");

namespace
{

namespace fs = std::filesystem;

std::string
SimPath(const SweepOptions& o, const std::string& selfPath)
{
    if (!o.sim.empty())
    {
        return fs::absolute(o.sim).lexically_normal().string();
    }
    return (fs::path(selfPath).parent_path() / "expressroute-sim").string();
}

void
CheckSim(const std::string& sim)
{
    if (::access(sim.c_str(), X_OK) != 0)
    {
        throw std::runtime_error("cannot run the simulator " + sim + ": " + std::strerror(errno) +
                                 " (build expressroute-sim, or give --sim=PATH)");
    }
}

SweepSpec
LoadSpec(const SweepOptions& o, const SweepDirectory* dir)
{
    if (!o.spec.empty())
    {
        SweepSpec spec = LoadSweepSpecFile(o.spec);
        spec.engine = o.engine.empty() ? spec.engine : o.engine;
        return spec;
    }
    if (dir != nullptr && dir->HasSpec())
    {
        SweepSpec spec = dir->ReadSpec();
        if (!o.engine.empty() && o.engine != spec.engine)
        {
            throw SweepUsageError("--engine=" + o.engine + ": the sweep in " + dir->GetRoot() +
                                  " runs " +
                                  (spec.engine.empty() ? "each scenario's own engine"
                                                       : "engine " + spec.engine) +
                                  "; sweep into a new directory");
        }
        return spec;
    }
    const std::string where = dir ? dir->GetRoot() : o.out;
    throw SweepSpecError(
        where, {ScenarioError{"", "no sweep here (no sweep.json): give --spec=FILE", 0, 0}});
}

unsigned
DefaultJobs()
{
    const long n = ::sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? static_cast<unsigned>(n) : 1;
}

/// What one call ran.
struct Executed
{
    bool finished{true}; ///< false: interrupted
    std::size_t started{0};
    std::size_t stopped{0}; ///< interrupted runs
};

/// Runs @p todo (indices into s.runs) and records each end.
Executed
Execute(const Sweep& s,
        const std::vector<std::size_t>& todo,
        const SweepDirectory& dir,
        const std::string& sim,
        unsigned jobs,
        std::vector<RunOutcome>& outcomes,
        SweepIndex* index,
        Progress* progress,
        std::ostream* perRun,
        std::ostream& err)
{
    std::vector<ProcessSpec> specs;
    for (auto i : todo)
    {
        const auto& run = s.runs[i];
        if (!outcomes[i].damage.empty())
        {
            dir.DiscardRun(run.key);
        }
        specs.push_back(ProcessSpec{SimArgv(sim, s, run),
                                    dir.GetRoot(),
                                    dir.Path(SweepDirectory::LogFile(run.key, "stdout")),
                                    dir.Path(SweepDirectory::LogFile(run.key, "stderr")),
                                    s.spec.timeoutSeconds});
    }
    ProgressCounts counts;
    counts.total = s.runs.size();
    counts.done = s.runs.size() - todo.size();
    std::vector<bool> queued(s.runs.size(), false);
    for (auto i : todo)
    {
        queued[i] = true;
    }
    for (std::size_t i = 0; i < s.runs.size(); ++i)
    {
        const auto st = outcomes[i].status;
        if ((st == RunStatus::Failed || st == RunStatus::Timeout) && !queued[i])
        {
            ++counts.failed;
        }
    }
    if (progress)
    {
        progress->Start(counts);
    }
    // The index is derived data: a failure to update it must not stop the runs.
    auto upsert = [&](std::size_t i) {
        if (!index)
        {
            return;
        }
        try
        {
            index->Upsert(s.spec, MakeRow(s, s.runs[i], outcomes[i], dir, sim));
        }
        catch (const std::exception& e)
        {
            err << "warning: " << e.what() << "\n";
        }
    };
    Executed executed;
    ProcessPool pool(jobs);
    executed.finished = pool.Run(
        specs,
        [&](std::size_t k, pid_t) {
            outcomes[todo[k]].status = RunStatus::Running;
            ++executed.started;
            upsert(todo[k]);
        },
        [&](std::size_t k, const ProcessResult& r) {
            const std::size_t i = todo[k];
            const auto& run = s.runs[i];
            outcomes[i] = Classify(r, dir, run.key);
            dir.RemoveLeftovers(run.key, r.pid);
            try
            {
                dir.WriteAttempt(run.key, outcomes[i]);
            }
            catch (const std::exception& e)
            {
                err << "warning: " << e.what() << "\n";
            }
            upsert(i);
            executed.stopped += outcomes[i].status == RunStatus::Interrupted ? 1 : 0;
            if (outcomes[i].status != RunStatus::Interrupted)
            {
                ++counts.done;
                counts.failed += outcomes[i].status == RunStatus::Completed ? 0 : 1;
            }
            if (perRun)
            {
                *perRun << "point " << run.point << " run " << run.run << " (" << run.key
                        << "): " << DescribeEnd(outcomes[i]) << std::endl;
            }
        },
        [&](std::size_t running) {
            counts.running = running;
            if (progress)
            {
                progress->Update(counts);
            }
        },
        0.2);
    if (progress)
    {
        counts.running = 0;
        progress->Finish(counts);
    }
    return executed;
}

void
ReportInterrupt(const Executed& executed, std::size_t todo, std::ostream& err)
{
    err << "interrupted by " << SignalName(InterruptHandler::GetSignal()) << ": "
        << executed.stopped << " runs stopped and " << todo - executed.started
        << " not started; they run when the same command is given again\n";
}

/// The checks every start of a sweep makes, creating and locking nothing: the directory
/// (--out, else sweeps/<name>, refused when it is not a sweep's), the expanded and validated
/// grid and the simulator.
Sweep
CheckSweep(const SweepOptions& o,
           const std::string& self,
           std::optional<SweepDirectory>& dir,
           std::string& sim)
{
    if (!o.out.empty())
    {
        dir.emplace(o.out);
    }
    SweepSpec spec = LoadSpec(o, dir ? &*dir : nullptr);
    if (!dir)
    {
        dir.emplace("sweeps/" + spec.name);
    }
    Sweep s = ExpandSweep(std::move(spec));
    ValidatePoints(s.spec, ReadGeography());
    sim = SimPath(o, self);
    CheckSim(sim);
    dir->RefuseForeign();
    return s;
}

/// The common start of a local sweep and of --emit-slurm: CheckSweep, then the lock and the
/// prepared inputs. Returns nullopt, having said why on @p err, when another process holds the
/// directory.
std::optional<Sweep>
OpenSweep(const SweepOptions& o,
          const std::string& self,
          std::optional<SweepDirectory>& dir,
          std::string& sim,
          std::ostream& err)
{
    Sweep s = CheckSweep(o, self, dir, sim);
    std::string holder;
    if (!dir->TryLock(true, holder))
    {
        err << "error: " << dir->GetRoot() << " is in use"
            << (holder.empty() ? " (by Slurm tasks?)" : " by " + holder) << "\n";
        return std::nullopt;
    }
    dir->Prepare(s.spec, s.points);
    return s;
}

int
DoSweep(const SweepOptions& o, const std::string& self, std::ostream& out, std::ostream& err)
{
    std::optional<SweepDirectory> dir;
    std::string sim;
    const std::optional<Sweep> opened = OpenSweep(o, self, dir, sim, err);
    if (!opened)
    {
        return kSweepError;
    }
    const Sweep& s = *opened;
    dir->RemoveAllLeftovers();
    std::vector<RunOutcome> outcomes = ReadOutcomes(s, *dir);
    ReportDamaged(s, outcomes, "it runs again", err);
    SweepIndex index(dir->Path("index.sqlite"));
    RebuildIndex(index, s, *dir, outcomes, sim);
    std::vector<std::size_t> todo;
    for (std::size_t i = 0; i < s.runs.size(); ++i)
    {
        if (ShouldRun(outcomes[i], o.retryFailed))
        {
            todo.push_back(i);
        }
    }
    if (todo.empty())
    {
        index.ExportCsv(dir->Path("results.csv"));
        const RunTally tally(outcomes);
        out << "sweep " << s.spec.name << ": nothing to run, every one of its " << DescribeShape(s)
            << " is finished: " << tally.Describe() << "\n"
            << "index: " << dir->Path("index.sqlite") << ", " << dir->Path("results.csv") << "\n";
        return tally.Broken() ? kSweepRunsFailed : kSweepOk;
    }
    const unsigned jobs = o.jobs.value_or(DefaultJobs());
    const auto start = std::chrono::steady_clock::now();
    bool finished;
    {
        InterruptHandler interrupts;
        Progress progress(2, ::isatty(2) == 1, o.progressInterval);
        const Executed executed =
            Execute(s, todo, *dir, sim, jobs, outcomes, &index, &progress, nullptr, err);
        finished = executed.finished;
        if (!finished)
        {
            ReportInterrupt(executed, todo.size(), err);
        }
    }
    // Rebuilt from the files: the final index has its columns in order.
    outcomes = ReadOutcomes(s, *dir);
    RebuildIndex(index, s, *dir, outcomes, sim);
    index.ExportCsv(dir->Path("results.csv"));
    const RunTally tally(outcomes);
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::size_t ran = 0;
    for (auto i : todo)
    {
        const auto st = outcomes[i].status;
        ran += st == RunStatus::Completed || st == RunStatus::Failed || st == RunStatus::Timeout;
    }
    out << "sweep " << s.spec.name << ": " << DescribeShape(s) << ": " << tally.Describe() << "\n"
        << "this call finished " << ran << " runs in " << FormatClock(wall) << " with " << jobs
        << (jobs == 1 ? " job" : " jobs") << "\n";
    if (tally.Broken())
    {
        out << "failed runs: expressroute-sweep --status " << ShellQuote(dir->GetRoot()) << "\n";
    }
    out << "index: " << dir->Path("index.sqlite") << ", " << dir->Path("results.csv") << "\n";
    if (!finished)
    {
        return kSweepInterrupted;
    }
    return tally.Broken() ? kSweepRunsFailed : kSweepOk;
}

int
DoPoint(const SweepOptions& o, const std::string& self, std::ostream& out, std::ostream& err)
{
    SweepDirectory dir(o.out);
    const Sweep s = ExpandSweep(dir.ReadSpec());
    if (*o.point >= s.points.size())
    {
        err << "error: --point=" << *o.point << ": the sweep in " << dir.GetRoot() << " has "
            << s.points.size() << " points (0 to " << s.points.size() - 1 << ")\n";
        return kSweepUsage;
    }
    const std::string sim = SimPath(o, self);
    CheckSim(sim);
    std::string holder;
    if (!dir.TryLock(false, holder))
    {
        err << "error: " << dir.GetRoot() << " is being swept locally by " << holder << "\n";
        return kSweepError;
    }
    const auto& point = s.points[*o.point];
    const std::string input = dir.Path(SweepDirectory::InputFile(point.key));
    if (!fs::exists(input))
    {
        WriteThroughTemporary(input, PointScenario(s.spec, point).dump(2) + "\n");
    }
    std::vector<RunOutcome> outcomes = ReadOutcomes(s, dir);
    std::vector<RunOutcome> ofPoint(outcomes.size());
    for (std::size_t i = 0; i < s.runs.size(); ++i)
    {
        ofPoint[i] = s.runs[i].point == *o.point ? outcomes[i] : RunOutcome{};
    }
    ReportDamaged(s, ofPoint, "it runs again", err);
    std::vector<std::size_t> todo;
    for (std::size_t i = 0; i < s.runs.size(); ++i)
    {
        if (s.runs[i].point == *o.point && ShouldRun(outcomes[i], o.retryFailed))
        {
            todo.push_back(i);
        }
    }
    out << "sweep " << s.spec.name << " point " << *o.point << " ("
        << DescribePoint(s.spec, point.values) << "): " << todo.size() << " of " << s.spec.runs
        << " runs to do on " << HostName() << std::endl;
    bool finished = true;
    if (!todo.empty())
    {
        InterruptHandler interrupts;
        const Executed executed =
            Execute(s, todo, dir, sim, o.jobs.value_or(1), outcomes, nullptr, nullptr, &out, err);
        finished = executed.finished;
        if (!finished)
        {
            ReportInterrupt(executed, todo.size(), err);
        }
    }
    if (!finished)
    {
        return kSweepInterrupted;
    }
    for (const auto& run : s.runs)
    {
        const auto st = outcomes[&run - &s.runs[0]].status;
        if (run.point == *o.point && (st == RunStatus::Failed || st == RunStatus::Timeout))
        {
            return kSweepRunsFailed;
        }
    }
    return kSweepOk;
}

int
DoCollect(const SweepOptions& o, const std::string& self, std::ostream& out, std::ostream& err)
{
    SweepDirectory dir(o.out);
    const Sweep s = ExpandSweep(dir.ReadSpec());
    const std::vector<RunOutcome> outcomes = ReadOutcomes(s, dir);
    ReportDamaged(s, outcomes, "the next sweep call runs it again", err);
    const std::string indexPath = dir.Path("index.sqlite");
    // The index is derived from the run directories: one that is not an SQLite database (its
    // first 16 bytes say "SQLite format 3") is set aside, with its journal, and built again,
    // which is what --collect is for. Other errors (a lock, a full disk) stay errors.
    std::string header(16, '\0');
    {
        std::ifstream in(indexPath, std::ios::binary);
        in.read(&header[0], 16);
        header.resize(static_cast<std::size_t>(in.gcount()));
    }
    if (!header.empty() && header != std::string("SQLite format 3\0", 16))
    {
        const std::string aside = indexPath + ".damaged-" + std::to_string(::getpid());
        for (const char* tail : {"", "-journal", "-wal", "-shm"})
        {
            std::error_code ec;
            if (std::filesystem::exists(indexPath + tail, ec))
            {
                std::filesystem::rename(indexPath + tail, aside + tail, ec);
                if (ec)
                {
                    throw std::runtime_error("cannot set the damaged index " + indexPath + tail +
                                             " aside: " + ec.message());
                }
            }
        }
        err << "note: " << indexPath << " is not an SQLite database; set aside as " << aside
            << ", building it again\n";
    }
    std::optional<SweepIndex> index;
    index.emplace(indexPath);
    RebuildIndex(*index, s, dir, outcomes, SimPath(o, self));
    index->ExportCsv(dir.Path("results.csv"));
    out << "collected sweep " << s.spec.name << ": " << DescribeShape(s) << ": "
        << RunTally(outcomes).Describe() << "\n"
        << "index: " << dir.Path("index.sqlite") << ", " << dir.Path("results.csv") << "\n";
    return kSweepOk;
}

int
DoStatus(const SweepOptions& o, std::ostream& out)
{
    SweepDirectory dir(o.out);
    const Sweep s = ExpandSweep(dir.ReadSpec());
    const std::vector<RunOutcome> outcomes = ReadOutcomes(s, dir);
    const RunTally tally(outcomes);
    out << "sweep " << s.spec.name << " in " << dir.GetRoot() << ": " << DescribeShape(s) << "\n";
    for (auto st : {RunStatus::Completed,
                    RunStatus::Failed,
                    RunStatus::Timeout,
                    RunStatus::Interrupted,
                    RunStatus::Pending})
    {
        char line[64];
        std::snprintf(line, sizeof(line), "  %-12s %6zu\n", ToString(st).c_str(), tally.Of(st));
        out << line;
    }
    std::string holder;
    if (dir.IsSweepRunning(holder))
    {
        out << "running now: " << holder << "\n";
    }
    std::size_t listed = 0;
    for (std::size_t i = 0; i < s.runs.size(); ++i)
    {
        const auto& o2 = outcomes[i];
        if (o2.status != RunStatus::Failed && o2.status != RunStatus::Timeout)
        {
            continue;
        }
        if (listed++ == 0)
        {
            out << "failed and timed-out runs (logs in " << dir.Path("logs") << "):\n";
        }
        if (listed > 20)
        {
            out << "  ... and " << tally.Broken() - 20 << " more (see the index)\n";
            break;
        }
        const auto& run = s.runs[i];
        out << "  point " << run.point << " run " << run.run << " " << run.key << " ("
            << DescribePoint(s.spec, s.points[run.point].values) << "): " << DescribeEnd(o2);
        if (!o2.stderrTail.empty())
        {
            out << ": " << LastLine(o2.stderrTail);
        }
        out << "\n";
    }
    return kSweepOk;
}

int
DoDryRun(const SweepOptions& o, const std::string& self, std::ostream& out)
{
    // What OpenSweep() checks, with nothing created or locked: a dry run that passes is a
    // sweep that starts (without --out the directory is sweeps/<name>, whose runs it lists).
    std::optional<SweepDirectory> dir;
    std::string sim;
    const Sweep s = CheckSweep(o, self, dir, sim);
    dir->RefuseAnotherSpec(s.spec);
    const bool known = dir->HasSpec();
    out << "sweep " << s.spec.name << ": " << DescribeShape(s) << ", seed " << s.spec.seed
        << ", timeout " << s.spec.timeout << " per run\n";
    out << "point  run  key               status       parameters\n";
    std::size_t toRun = 0;
    for (const auto& run : s.runs)
    {
        const RunOutcome outcome = known ? dir->ReadOutcome(run.key) : RunOutcome{};
        toRun += ShouldRun(outcome, o.retryFailed) ? 1 : 0;
        char line[96];
        std::snprintf(line,
                      sizeof(line),
                      "%5u %4u  %s  %-12s ",
                      run.point,
                      run.run,
                      run.key.c_str(),
                      ToString(outcome.status).c_str());
        out << line << DescribePoint(s.spec, s.points[run.point].values) << "\n";
    }
    out << s.runs.size() << " runs: " << s.runs.size() - toRun << " finished, " << toRun
        << " to run; each runs in the sweep directory as:\n  "
        << JoinCommand(SimArgv(sim, s, s.runs.front())) << "\n";
    return kSweepOk;
}

int
DoEmitSlurm(const SweepOptions& o, const std::string& self, std::ostream& out, std::ostream& err)
{
    std::optional<SweepDirectory> dir;
    std::string sim;
    const std::optional<Sweep> opened = OpenSweep(o, self, dir, sim, err);
    if (!opened)
    {
        return kSweepError;
    }
    const Sweep& s = *opened;
    fs::create_directories(dir->Path("slurm"));
    SweepIndex index(dir->Path("index.sqlite"));
    RebuildIndex(index, s, *dir, ReadOutcomes(s, *dir), sim);
    index.ExportCsv(dir->Path("results.csv"));

    const std::string selfAbs = fs::absolute(self).lexically_normal().string();
    SlurmScriptOptions script;
    script.name = s.spec.name;
    script.shape = DescribeShape(s);
    script.sweepBinary = selfAbs;
    script.directory = dir->GetRoot();
    script.sim = o.sim.empty() ? "" : sim;
    script.points = static_cast<uint32_t>(s.points.size());
    script.runsPerPoint = s.spec.runs;
    script.timeoutSeconds = s.spec.timeoutSeconds;
    script.throttle = o.jobs;
    script.retryFailed = o.retryFailed;
    const std::string path = dir->Path("sweep.sbatch");
    WriteThroughTemporary(path, FormatSlurmScript(script));
    fs::permissions(path,
                    fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec,
                    fs::perm_options::add);
    const RunTally tally(ReadOutcomes(s, *dir));
    out << "sweep " << s.spec.name << ": " << DescribeShape(s) << ": " << tally.Describe() << "\n"
        << "wrote " << path << " (array of " << s.points.size() << " tasks, one per point)\n"
        << "submit:  sbatch " << ShellQuote(path) << "\n"
        << "then:    " << ShellQuote(selfAbs) << " --collect " << ShellQuote(dir->GetRoot())
        << "\n";
    return kSweepOk;
}

} // namespace

int
RunSweepCommand(const SweepOptions& options,
                const std::string& selfPath,
                std::ostream& out,
                std::ostream& err)
{
    try
    {
        switch (options.mode)
        {
        case SweepMode::Help:
            out << SweepUsage();
            return kSweepOk;
        case SweepMode::Sweep:
            return DoSweep(options, selfPath, out, err);
        case SweepMode::Point:
            return DoPoint(options, selfPath, out, err);
        case SweepMode::Collect:
            return DoCollect(options, selfPath, out, err);
        case SweepMode::Status:
            return DoStatus(options, out);
        case SweepMode::DryRun:
            return DoDryRun(options, selfPath, out);
        case SweepMode::EmitSlurm:
            return DoEmitSlurm(options, selfPath, out, err);
        }
    }
    catch (const ScenarioLoadError& e) // SweepSpecError too: the message names the field
    {
        err << e.what() << "\n";
    }
    catch (const SweepUsageError& e)
    {
        err << "error: " << e.what() << "\n";
        return kSweepUsage;
    }
    catch (const std::exception& e)
    {
        err << "error: " << e.what() << "\n";
    }
    return kSweepError;
}

} // namespace expressroute
} // namespace ns3
