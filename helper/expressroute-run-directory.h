// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_RUN_DIRECTORY_H
#define EXPRESSROUTE_RUN_DIRECTORY_H

// Where a program's outputs go, and the rule that keeps the user's data safe (doc/outputs.md,
// "The run directory").
//
// A run directory is marked by a file `.expressroute-run` naming the program that wrote it, the
// host and process while it is being written, and every entry it wrote. A path is replaced only
// when it is an empty directory or such a directory holding nothing else; a file, a symbolic
// link, a directory without the marker, a run directory to which someone added files, or one that
// a live process on this host is still writing is refused before anything changes. (Run
// directories written before the marker existed are recognised by their run.json.)
//
// Two ways of filling it:
// - Staged: files go to "<path>.tmp-<pid>", which Commit() renames into place, replacing an older
//   run directory: for outputs written in one go at the end (expressroute-resilience).
// - InPlace: the directory takes its final name at once, before the run starts, and files stream
//   into it; the program says in its own files whether it finished (expressroute-sim's run.json
//   reads `running` until the end), so a killed run leaves what it wrote, marked as such.
// Either way the older run directory at the path is moved aside and removed first, so it never
// looks current. Stale "<path>.tmp-<pid>" and "<path>.old-<pid>" directories whose process is
// gone are removed.

#include <memory>
#include <set>
#include <stdexcept>
#include <string>

namespace ns3
{
namespace expressroute
{

/// The path cannot take a run directory; nothing was changed.
class RunDirectoryError : public std::runtime_error
{
  public:
    using std::runtime_error::runtime_error;
};

/**
 * An output file written through a buffer, with errors that name the file and the operating
 * system's reason ("No space left on device", "File too large"). After its first error a file
 * takes no more data: later calls do nothing.
 */
class OutputFile
{
  public:
    /// Creates or truncates @p path; throws std::runtime_error "cannot create PATH: reason".
    explicit OutputFile(std::string path);
    /// Closes the file; errors are lost here, call Close() to see them.
    ~OutputFile();
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;

    const std::string& GetPath() const { return m_path; }
    /// Appends @p text; the buffer goes to the file once it passes 64 KiB, so whole appends
    /// (rows) reach the file. Throws as Flush().
    void Append(const std::string& text);
    /// Hands the buffer to the operating system (it survives the process being killed); throws
    /// std::runtime_error "cannot write PATH: reason".
    void Flush();
    /// Flush() and then to the disk (fdatasync).
    void Sync();
    /// Sync() and close.
    void Close();

  private:
    std::string m_path;
    int m_fd{-1};
    std::string m_buffer;
    bool m_failed{false};
};

/**
 * A run directory being written.
 */
class RunDirectory
{
  public:
    enum class Mode
    {
        Staged, ///< in "<path>.tmp-<pid>" until Commit()
        InPlace ///< under the final name from the start
    };

    /// The marker file's name.
    static constexpr const char* kMarker = ".expressroute-run";

    /**
     * Claims @p path for @p program. Throws RunDirectoryError (nothing changed) when the path
     * holds anything but a run directory of ours, std::runtime_error when it cannot be written.
     */
    RunDirectory(std::string path, std::string program = "expressroute", Mode mode = Mode::Staged);
    /// Staged: removes the temporary directory if Commit() was never called.
    ~RunDirectory();
    RunDirectory(const RunDirectory&) = delete;
    RunDirectory& operator=(const RunDirectory&) = delete;

    const std::string& GetFinalPath() const { return m_final; }
    /// Where the files are now: the temporary directory until Commit() (Staged), else the final
    /// path.
    const std::string& GetPath() const { return m_dir; }
    /// Writes @p content as @p name at once: a temporary name, fsync, rename, so that a reader
    /// sees the old or the new file whole. Throws std::runtime_error naming the file and reason.
    void Write(const std::string& name, const std::string& content);
    /// Creates @p name for streaming.
    std::unique_ptr<OutputFile> Open(const std::string& name);
    /// Creates the subdirectory @p name (its files belong to the run); returns its path.
    std::string CreateSubdirectory(const std::string& name);
    /// Staged: moves the directory to its final name, replacing an earlier run directory there.
    /// InPlace: marks the directory as no longer being written.
    void Commit();

    /// Throws RunDirectoryError when @p path holds anything but nothing, an empty directory or
    /// a run directory of ours that no live process is writing.
    static void CheckReplaceable(const std::string& path);

  private:
    void WriteMarker(bool live);
    void Register(const std::string& name);
    void RemoveStaleSiblings() const;

    std::string m_final;
    std::string m_temp;
    std::string m_dir;
    std::string m_program;
    Mode m_mode;
    std::set<std::string> m_entries;
    bool m_committed{false};
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_RUN_DIRECTORY_H
