// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_SWEEP_DIRECTORY_H
#define EXPRESSROUTE_SWEEP_DIRECTORY_H

// The sweep directory (doc/sweeps.md) and the state of each run in it. The files are the
// authority; the SQLite index is derived from them and can always be rebuilt (--collect):
//
//   sweep.json           the spec with the base scenario inline (frozen at the first call)
//   inputs/<point>.json  the scenario of each point, as expressroute-sim reads it
//   runs/<run>/          each run's directory, written by expressroute-sim (atomic rename)
//   logs/<run>.stdout    the run's standard output and error, and the sweep's record of its
//   logs/<run>.stderr    last attempt (status, exit code or signal, wall time, stderr tail):
//   logs/<run>.json      written by whoever ran it (local sweep or a Slurm task)
//   index.sqlite, results.csv   the index and its CSV export
//
// A run is completed iff runs/<run>/run.json says "completed" and it and summary.json parse with
// the types the index reads; a run with no record is pending. A run whose run.json or summary.json
// is damaged (truncated, wrong types) counts as failed, names the file and the problem, and runs
// again at the next call.

#include "expressroute-sweep-grid.h"
#include "expressroute-sweep-spec.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{
namespace expressroute
{

/// The state of a run.
enum class RunStatus
{
    Pending,     ///< never run, or stopped by a kill of the sweep
    Running,     ///< being run (index only)
    Completed,   ///< run.json says completed
    Failed,      ///< exited non-zero or died of a signal it was not sent by the sweep
    Timeout,     ///< killed by the sweep after the spec's timeout
    Interrupted, ///< stopped by Ctrl-C (SIGINT/SIGTERM of the sweep): runs again next time
};

/// "pending", "running", "completed", "failed", "timeout", "interrupted".
std::string ToString(RunStatus status);
/// The status a record names; nullopt for an unknown name.
std::optional<RunStatus> ParseRunStatus(const std::string& name);

/// What is known of one run.
struct RunOutcome
{
    RunStatus status{RunStatus::Pending};
    std::optional<int> exitCode;       ///< exit status of the process, when it exited
    std::optional<int> signal;         ///< signal that ended it, when one did
    std::optional<double> wallSeconds; ///< wall time of the process (fork to exit)
    std::optional<uint64_t> events;    ///< simulator events (run.json), when completed
    std::string stderrTail;            ///< the last lines of its stderr, when it did not complete
    std::string host;                  ///< the machine that ran it
    /// What is wrong with its files ("<path>: <why>") when run.json or summary.json is damaged:
    /// the run counts as failed and runs again (its process may have been fine).
    std::string damage;
};

/// Why @p run (a parsed run.json) lacks the types the sweep reads; empty when it has them.
std::string RunJsonProblem(const nlohmann::json& run);

/// A sweep directory. Paths of inputs and runs are relative to the root, which is the working
/// directory of every run, so that run.json records relative paths and a directory can move.
class SweepDirectory
{
  public:
    /// @p root is made absolute; nothing is created until Prepare().
    explicit SweepDirectory(const std::string& root);
    ~SweepDirectory();
    SweepDirectory(const SweepDirectory&) = delete;
    SweepDirectory& operator=(const SweepDirectory&) = delete;

    const std::string& GetRoot() const { return m_root; }
    /// @p relative under the root.
    std::string Path(const std::string& relative) const;

    static std::string InputFile(const std::string& pointKey); ///< "inputs/<k>.json"
    static std::string RunDir(const std::string& runKey);      ///< "runs/<k>"
    static std::string LogFile(const std::string& runKey,
                               const std::string& ext); ///< "logs/<k>.ext"

    /// True when sweep.json exists.
    bool HasSpec() const;
    /// Throws std::runtime_error naming the root and what is in it when the root is a file, or a
    /// directory that holds something but no sweep.json (a user's folder is never swept into;
    /// what a sweep killed before its sweep.json leaves, .lock and empty inputs/runs/logs, is).
    void RefuseForeign() const;
    /// Reads sweep.json. Throws SweepSpecError.
    SweepSpec ReadSpec() const;

    /// Throws SweepSpecError naming the field when an earlier sweep.json differs from @p spec in
    /// base scenario, fixed overrides, engine or seed (the runs there answer another question).
    /// Writes nothing: what Prepare() checks, for a dry run.
    void RefuseAnotherSpec(const SweepSpec& spec) const;

    /**
     * Creates the directory, checks that an earlier sweep.json is of the same sweep
     * (RefuseAnotherSpec), then writes sweep.json and the scenario of every point.
     */
    void Prepare(const SweepSpec& spec, const std::vector<SweepPoint>& points) const;

    /// What the files say about a run.
    RunOutcome ReadOutcome(const std::string& runKey) const;
    /// Records an attempt in logs/<k>.json (atomically).
    void WriteAttempt(const std::string& runKey, const RunOutcome& outcome) const;
    /**
     * runs/<k>/summary.json, when it parses and has the types the index reads; else nullopt,
     * and @p problem (if given) says what is wrong with it (missing, truncated, which field).
     */
    std::optional<nlohmann::json> ReadSummary(const std::string& runKey,
                                              std::string* problem = nullptr) const;
    /// Removes runs/<k> (renamed aside first, so no reader sees it half removed): before a
    /// damaged run runs again.
    void DiscardRun(const std::string& runKey) const;
    /// The last @p maxBytes of logs/<k>.stderr, cut at a line start.
    std::string StderrTail(const std::string& runKey, std::size_t maxBytes = 2000) const;
    /// Removes what a run killed mid-way left: runs/<k>.tmp-<pid> and runs/<k>.old-<pid>.
    void RemoveLeftovers(const std::string& runKey, int pid) const;
    /// Removes every runs/*.tmp-* and runs/*.old-* (only under the exclusive lock).
    void RemoveAllLeftovers() const;

    /**
     * Takes the directory's lock (flock on .lock): exclusive for a local sweep, shared for Slurm
     * tasks, which run distinct points side by side. Returns false when another holder
     * conflicts; @p holder then says who (from the file). Held until destruction.
     */
    bool TryLock(bool exclusive, std::string& holder);
    /// True when a local sweep holds the lock now (for --status).
    bool IsSweepRunning(std::string& holder) const;

  private:
    std::string m_root;
    int m_lockFd{-1};
};

/// The host name of this machine.
std::string HostName();

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_SWEEP_DIRECTORY_H
