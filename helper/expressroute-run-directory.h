// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_RUN_DIRECTORY_H
#define EXPRESSROUTE_RUN_DIRECTORY_H

// An output directory of ours (doc/outputs.md, "Where a run goes"): written into a temporary
// sibling directory and renamed into place, at the end (expressroute-resilience) or at the start
// with a run.json saying "running" (expressroute-sim, which then streams its rows into it), so
// that the path never shows an earlier run's "completed" once a new run has begun. It replaces
// only what its program writes: a directory holding anything else is refused, never emptied.

#include <optional>
#include <string>
#include <vector>

namespace ns3
{
namespace expressroute
{

/// What a program writes in its output directories, and so may replace or remove there.
struct DirectoryOwner
{
    std::string marker;                ///< the JSON file whose "program" says who wrote it
    std::vector<std::string> programs; ///< the "program" values that are this program's
    std::vector<std::string> files;    ///< the files it writes (and their "<name>.part")
    std::string dir;                   ///< a subdirectory it writes ("" none): pcap/
    std::string dirSuffix;             ///< the only files in that subdirectory: ".pcap"
    /// Directories from before "program": a marker without it but with all of these keys.
    std::vector<std::string> legacyKeys;
};

/// expressroute-sim's and expressroute-emulate's run directories: run.json, summary.json, the
/// tables, pcap/*.pcap.
const DirectoryOwner& SimulatorRunOwner();
/// expressroute-resilience's directories: its summary.json says "program".
const DirectoryOwner& ResilienceRunOwner();

/// The first three of @p names, then "and N more": "notes.txt, plots, x.csv and 2 more".
std::string SomeOf(const std::vector<std::string>& names);

/// True if @p path holds a run.json written by expressroute-sim.
bool IsRunDirectory(const std::string& path);

/// True if @p path's marker file says @p owner's program wrote it.
bool IsOwnedBy(const std::string& path, const DirectoryOwner& owner);

/// The entries under @p path that @p owner's program does not write, as paths relative to
/// @p path ("notes.txt", "pcap/fig.png"), sorted; empty if it wrote everything there.
std::vector<std::string> ForeignEntries(const std::string& path, const DirectoryOwner& owner);

/// Removes @p path if it holds only what @p owner's program writes; true if it is gone (or was
/// never there). A directory holding anything else is left whole.
bool RemoveIfOnlyOurs(const std::string& path, const DirectoryOwner& owner);

/// Removes what @p owner's program writes in @p path (a directory it wrote, to which someone
/// may have added), then @p path if that emptied it; true if it is gone.
bool RemoveOwnEntries(const std::string& path, const DirectoryOwner& owner);

/// Who writes a run directory: its process id and the program its run.json names.
struct RunWriter
{
    int pid{0};
    std::string program; ///< "expressroute-sim" when run.json does not say
};

/// The program that is writing the run directory @p path now, if any: its run.json says
/// "running" with that pid, and the directory is locked (RunDirectory holds an exclusive
/// flock(2) on it while it lives, which the kernel drops when the process dies, however it dies;
/// a process id reused since, as in containers where every run is process 1, or a writer inside
/// another program, a bench or an example, is told apart by that).
std::optional<RunWriter> RunDirectoryWriter(const std::string& path);

/// Writes @p content to @p path through "<path>.part", fsync and rename, so that a reader sees
/// the old file or the new one, never half of one. Throws std::runtime_error naming @p path and
/// the OS reason (e.g. "No space left on device").
void WriteWholeFile(const std::string& path, const std::string& content);

/// "<base><marker><pid>", or with "-<n>" when that name is taken (a process id repeats, as in
/// containers where every run is process 1, and a name kept aside earlier stays).
std::string UniqueSibling(const std::string& base, const std::string& marker);

/// Writes @p content to @p path through a fresh temporary sibling ("<path>.tmp-<pid>[-n]",
/// WriteWholeFile, rename): whole or not at all, and never through a name someone else has.
void WriteThroughTemporary(const std::string& path, const std::string& content);

/**
 * Writes @p content to the single output file @p path (WriteWholeFile: whole or not at all),
 * replacing an existing file only if @p isOurs says the program wrote it (given its text).
 * Throws std::invalid_argument naming @p flag, the path and @p program otherwise, and for a
 * directory: an export, a thesis or the program's own input is never overwritten.
 */
void WriteOwnFile(const std::string& flag,
                  const std::string& path,
                  const std::string& content,
                  const std::string& program,
                  bool (*isOurs)(const std::string& existing));

/**
 * A run directory being written: into "<path>.tmp-<pid>" until Commit() renames it to its final
 * path (replacing an earlier run there), then, if more is written, in place.
 */
class RunDirectory
{
  public:
    /// Refuses (std::runtime_error naming the path and what is in the way) a file, a non-empty
    /// directory that @p owner's program did not write, one that holds anything it does not
    /// write (a user's notes, plots), or one a live run is writing. Removes the
    /// "<path>.tmp-<pid>" and "<path>.old-<pid>" directories of dead processes that hold only
    /// what the program writes (others are left alone), then creates the temporary directory.
    explicit RunDirectory(std::string path, const DirectoryOwner& owner = SimulatorRunOwner());
    /// Removes the temporary directory if Commit() was never called; a committed directory
    /// keeps what was written.
    ~RunDirectory();
    RunDirectory(const RunDirectory&) = delete;
    RunDirectory& operator=(const RunDirectory&) = delete;

    const std::string& GetFinalPath() const { return m_final; }
    /// Where files go now: the temporary directory before Commit(), the final path after.
    const std::string& GetPath() const { return m_path; }
    /// Writes @p content to @p name inside the directory (WriteWholeFile); throws on I/O
    /// errors, naming the file and the reason.
    void Write(const std::string& name, const std::string& content) const;
    /// Moves the directory to its final name: an earlier run there is renamed aside in one step
    /// and its files removed, so that the path never shows it again. Anything that appeared in
    /// it meanwhile is kept, in "<path>.old-<pid>" (GetKeptAside()). Later calls do nothing.
    void Commit();
    /// Where Commit() left what someone else put in the earlier run's directory ("" none).
    const std::string& GetKeptAside() const { return m_keptAside; }

  private:
    std::string m_final;
    std::string m_path;
    const DirectoryOwner* m_owner;
    std::string m_keptAside;
    bool m_committed{false};
    int m_lock{-1}; ///< the directory, open with an exclusive flock while this object lives
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_RUN_DIRECTORY_H
