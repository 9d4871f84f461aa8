// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-run-directory.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace ns3
{
namespace expressroute
{

namespace fs = std::filesystem;

const DirectoryOwner&
SimulatorRunOwner()
{
    static const DirectoryOwner owner{"run.json",
                                      {"expressroute-sim", "expressroute-emulate"},
                                      {"run.json",
                                       "summary.json",
                                       "probes.csv",
                                       "flows.csv",
                                       "links.csv",
                                       "bgp.csv",
                                       "gateways.csv",
                                       "events.csv",
                                       "routes.csv"},
                                      "pcap",
                                      ".pcap",
                                      {"scenario_name", "status"}};
    return owner;
}

const DirectoryOwner&
ResilienceRunOwner()
{
    static const DirectoryOwner owner{"summary.json",
                                      {"expressroute-resilience"},
                                      {"summary.json",
                                       "scenario.json",
                                       "failure-sets.csv",
                                       "effects.csv",
                                       "pairs.csv",
                                       "scores.csv",
                                       "digest.txt"},
                                      "",
                                      "",
                                      {"scenario", "depth", "counts"}};
    return owner;
}

bool
IsOwnedBy(const std::string& path, const DirectoryOwner& owner)
{
    const auto j =
        nlohmann::json::parse(std::ifstream(path + "/" + owner.marker), nullptr, false);
    if (!j.is_object())
    {
        return false;
    }
    if (j.contains("program") && j["program"].is_string())
    {
        const auto p = j["program"].get<std::string>();
        return std::find(owner.programs.begin(), owner.programs.end(), p) != owner.programs.end();
    }
    return !owner.legacyKeys.empty() &&
           std::all_of(owner.legacyKeys.begin(), owner.legacyKeys.end(), [&j](const std::string& k) {
               return j.contains(k);
           });
}

namespace
{

bool
EndsWith(const std::string& s, const std::string& tail)
{
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

/// A file @p owner writes at the top of its directory, or one being written ("<name>.part").
bool
IsOwnFile(const std::string& name, const DirectoryOwner& owner)
{
    const std::string base = EndsWith(name, ".part") ? name.substr(0, name.size() - 5) : name;
    return std::find(owner.files.begin(), owner.files.end(), base) != owner.files.end();
}

} // namespace

namespace
{

/// The entries of directory @p path, never throwing: an error reading it is in @p error.
std::vector<fs::directory_entry>
Entries(const fs::path& path, std::error_code& error)
{
    std::vector<fs::directory_entry> out;
    fs::directory_iterator it(path, error);
    for (; !error && it != fs::directory_iterator(); it.increment(error))
    {
        out.push_back(*it);
    }
    return out;
}

/// A regular file, not a symbolic link, checked without throwing.
bool
IsPlainFile(const fs::directory_entry& e)
{
    std::error_code a;
    std::error_code b;
    return e.is_regular_file(a) && !a && !e.is_symlink(b) && !b;
}

/// A directory, not a symbolic link, checked without throwing.
bool
IsPlainDirectory(const fs::directory_entry& e)
{
    std::error_code a;
    std::error_code b;
    return e.is_directory(a) && !a && !e.is_symlink(b) && !b;
}

/// True if a live RunDirectory holds @p path (its exclusive flock).
bool
IsLockedByAWriter(const std::string& path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
    {
        return false;
    }
    const bool held = ::flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
    ::close(fd); // drops the lock if this took it
    return held;
}

} // namespace

std::vector<std::string>
ForeignEntries(const std::string& path, const DirectoryOwner& owner)
{
    std::vector<std::string> foreign;
    std::error_code error;
    for (const auto& e : Entries(path, error))
    {
        const std::string name = e.path().filename().string();
        if (!owner.dir.empty() && name == owner.dir && IsPlainDirectory(e))
        {
            std::error_code inner;
            for (const auto& f : Entries(e.path(), inner))
            {
                const std::string file = f.path().filename().string();
                if (!IsPlainFile(f) || !EndsWith(file, owner.dirSuffix))
                {
                    foreign.push_back(name + "/" + file);
                }
            }
            if (inner)
            {
                foreign.push_back(name + "/ (unreadable: " + inner.message() + ")");
            }
            continue;
        }
        if (!IsPlainFile(e) || !IsOwnFile(name, owner))
        {
            foreign.push_back(name);
        }
    }
    if (error)
    {
        foreign.push_back("(unreadable: " + error.message() + ")");
    }
    std::sort(foreign.begin(), foreign.end());
    return foreign;
}

bool
RemoveIfOnlyOurs(const std::string& path, const DirectoryOwner& owner)
{
    std::error_code ec;
    if (fs::is_symlink(path, ec) || !fs::is_directory(path, ec))
    {
        return !fs::exists(fs::symlink_status(path, ec));
    }
    if (!ForeignEntries(path, owner).empty())
    {
        return false;
    }
    fs::remove_all(path, ec);
    return !fs::exists(path, ec);
}

bool
RemoveOwnEntries(const std::string& path, const DirectoryOwner& owner)
{
    if (RemoveIfOnlyOurs(path, owner))
    {
        return true;
    }
    // Someone else's files are there: take ours only, and keep the directory.
    const auto foreign = ForeignEntries(path, owner);
    const bool dirIsOurs =
        !owner.dir.empty() &&
        std::none_of(foreign.begin(), foreign.end(), [&owner](const std::string& f) {
            return f.rfind(owner.dir + "/", 0) == 0;
        });
    std::error_code ec;
    for (const auto& e : Entries(path, ec))
    {
        const std::string name = e.path().filename().string();
        if ((IsPlainFile(e) && IsOwnFile(name, owner)) ||
            (dirIsOurs && name == owner.dir && IsPlainDirectory(e)))
        {
            std::error_code removing;
            fs::remove_all(e.path(), removing);
        }
    }
    return false;
}

std::string
SomeOf(const std::vector<std::string>& names)
{
    std::string list;
    for (std::size_t i = 0; i < names.size() && i < 3; ++i)
    {
        list += (i ? ", " : "") + names[i];
    }
    if (names.size() > 3)
    {
        list += " and " + std::to_string(names.size() - 3) + " more";
    }
    return list;
}

bool
IsRunDirectory(const std::string& path)
{
    return IsOwnedBy(path, SimulatorRunOwner());
}

std::optional<RunWriter>
RunDirectoryWriter(const std::string& path)
{
    const auto j = nlohmann::json::parse(std::ifstream(path + "/run.json"), nullptr, false);
    if (!j.is_object() || j.value("status", "") != "running" || !j.contains("pid") ||
        !j["pid"].is_number_integer() || !IsLockedByAWriter(path))
    {
        return std::nullopt;
    }
    const bool named = j.contains("program") && j["program"].is_string();
    return RunWriter{j["pid"].get<int>(),
                     named ? j["program"].get<std::string>() : std::string("expressroute-sim")};
}

void
WriteWholeFile(const std::string& path, const std::string& content)
{
    const std::string part = path + ".part";
    const auto fail = [&path, &part](int err) {
        ::unlink(part.c_str());
        return std::runtime_error("cannot write " + path + ": " + std::strerror(err));
    };
    const int fd = ::open(part.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
    {
        throw fail(errno);
    }
    std::size_t done = 0;
    while (done < content.size())
    {
        const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n < 0 && errno == EINTR)
        {
            continue;
        }
        if (n <= 0)
        {
            const int err = n < 0 ? errno : ENOSPC;
            ::close(fd);
            throw fail(err);
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0)
    {
        const int err = errno;
        throw fail(err);
    }
    if (::rename(part.c_str(), path.c_str()) != 0)
    {
        throw fail(errno);
    }
}

std::string
UniqueSibling(const std::string& base, const std::string& marker)
{
    const std::string first = base + marker + std::to_string(::getpid());
    std::error_code ec;
    std::string name = first;
    for (int n = 1; fs::exists(fs::symlink_status(name, ec)); ++n)
    {
        name = first + "-" + std::to_string(n);
    }
    return name;
}

void
WriteThroughTemporary(const std::string& path, const std::string& content)
{
    // A temporary name of our own (never "<path>.part", which may be someone's file).
    const std::string temp = UniqueSibling(path, ".tmp-");
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0)
    {
        throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
    }
    ::close(fd);
    try
    {
        WriteWholeFile(temp, content);
    }
    catch (...)
    {
        ::unlink(temp.c_str());
        throw;
    }
    if (::rename(temp.c_str(), path.c_str()) != 0)
    {
        const int err = errno;
        ::unlink(temp.c_str());
        throw std::runtime_error("cannot write " + path + ": " + std::strerror(err));
    }
}

void
WriteOwnFile(const std::string& flag,
             const std::string& path,
             const std::string& content,
             const std::string& program,
             bool (*isOurs)(const std::string& existing))
{
    std::error_code ec;
    if (fs::is_directory(path, ec))
    {
        throw std::invalid_argument("--" + flag + "=" + path + ": is a directory; give a file name");
    }
    if (fs::exists(path, ec) && !fs::is_regular_file(path, ec))
    {
        // A device or a pipe (/dev/full reads forever): not a file this program wrote.
        throw std::invalid_argument("--" + flag + "=" + path +
                                    ": is not a regular file (a device or a pipe); give a file "
                                    "name");
    }
    if (fs::exists(path, ec))
    {
        std::ifstream in(path, std::ios::binary);
        const std::string existing((std::istreambuf_iterator<char>(in)),
                                   std::istreambuf_iterator<char>());
        if (!isOurs(existing))
        {
            throw std::invalid_argument("--" + flag + "=" + path + ": exists and was not written by " +
                                        program + "; not replacing it (choose another file)");
        }
    }
    WriteThroughTemporary(path, content);
}

namespace
{

/// Removes "<final><marker><pid>" siblings that no live writer holds (a killed run's leftovers,
/// also one of an earlier process with this process's id), when they hold only what @p owner's
/// program writes; anything else there is left alone.
void
RemoveLeftoversOfDeadProcesses(const std::string& final,
                               const std::string& marker,
                               const DirectoryOwner& owner)
{
    std::error_code ec;
    const fs::path parent = fs::path(final).parent_path();
    const std::string prefix = fs::path(final).filename().string() + marker;
    for (const auto& e : Entries(parent.empty() ? fs::path(".") : parent, ec))
    {
        const std::string name = e.path().filename().string();
        if (name.rfind(prefix, 0) != 0 || !IsPlainDirectory(e))
        {
            continue;
        }
        // "<pid>" or "<pid>-<n>" (UniqueSibling's), and no live RunDirectory holds it: the
        // lock, not the process id, which another process may have now.
        const std::string tail = name.substr(prefix.size());
        const std::string pid = tail.substr(0, tail.find('-'));
        if (!pid.empty() && pid.size() < 10 &&
            pid.find_first_not_of("0123456789") == std::string::npos &&
            !IsLockedByAWriter(e.path().string()))
        {
            RemoveIfOnlyOurs(e.path().string(), owner);
        }
    }
}

/// The programs of @p owner as a message says them: "expressroute-sim or expressroute-emulate".
std::string
ProgramNames(const DirectoryOwner& owner)
{
    std::string out;
    for (std::size_t i = 0; i < owner.programs.size(); ++i)
    {
        out += (i == 0 ? "" : i + 1 == owner.programs.size() ? " or " : ", ") + owner.programs[i];
    }
    return out;
}

} // namespace

RunDirectory::RunDirectory(std::string path, const DirectoryOwner& owner)
    : m_final(std::move(path)),
      m_owner(&owner)
{
    while (m_final.size() > 1 && m_final.back() == '/')
    {
        m_final.pop_back();
    }
    std::error_code ec;
    if (fs::is_symlink(m_final, ec))
    {
        throw std::runtime_error(m_final + " is a symbolic link: give the directory it points to "
                                           "(a run directory is replaced by renaming, which would "
                                           "replace the link)");
    }
    // Never replace what this program did not write: a file, a directory with content but
    // without a marker of ours, or one of ours that holds anything else, is refused before
    // anything runs.
    if (fs::exists(m_final, ec) && !fs::is_directory(m_final, ec))
    {
        throw std::runtime_error(m_final + " is a file, not a run directory: not replacing it "
                                           "(choose another --out)");
    }
    if (fs::is_directory(m_final, ec) && !fs::is_empty(m_final, ec))
    {
        const std::string program = ProgramNames(owner);
        if (!IsOwnedBy(m_final, owner))
        {
            throw std::runtime_error(m_final + " exists and is not a run directory written by " +
                                     program + " (no " + owner.marker +
                                     " of ours): not replacing it (choose another --out)");
        }
        const auto foreign = ForeignEntries(m_final, owner);
        if (!foreign.empty())
        {
            throw std::runtime_error(m_final + " holds " + SomeOf(foreign) + ", which " + program +
                                     " did not write: not replacing the directory (move " +
                                     (foreign.size() == 1 ? "it" : "them") +
                                     " out, or choose another --out)");
        }
    }
    if (const auto writer = RunDirectoryWriter(m_final))
    {
        throw std::runtime_error(m_final + " is being written by " + writer->program +
                                 " (process " + std::to_string(writer->pid) +
                                 "): not replacing it (wait for it, stop it, or choose another "
                                 "--out)");
    }
    // Leftovers of runs at this path whose writer is gone (killed) are removed.
    RemoveLeftoversOfDeadProcesses(m_final, ".tmp-", owner);
    RemoveLeftoversOfDeadProcesses(m_final, ".old-", owner);
    const fs::path parent = fs::path(m_final).parent_path();
    if (!parent.empty())
    {
        fs::create_directories(parent, ec);
    }
    m_path = UniqueSibling(m_final, ".tmp-");
    if (!fs::create_directory(m_path, ec) || ec)
    {
        throw std::runtime_error("cannot create run directory " + m_path + ": " +
                                 (ec ? ec.message() : "it exists"));
    }
    // Held while this object lives, through the rename to the final path (the lock is on the
    // directory itself): others see a live writer (RunDirectoryWriter), whatever its process id.
    m_lock = ::open(m_path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (m_lock >= 0 && ::flock(m_lock, LOCK_EX | LOCK_NB) != 0)
    {
        ::close(m_lock);
        m_lock = -1;
    }
}

RunDirectory::~RunDirectory()
{
    if (!m_committed)
    {
        try
        {
            RemoveOwnEntries(m_path, *m_owner);
        }
        catch (...)
        {
            // A destructor never throws: what is left stays as a killed run's would.
        }
    }
    if (m_lock >= 0)
    {
        ::close(m_lock);
    }
}

void
RunDirectory::Write(const std::string& name, const std::string& content) const
{
    WriteWholeFile(m_path + "/" + name, content);
}

void
RunDirectory::Commit()
{
    if (m_committed)
    {
        return;
    }
    std::error_code ec;
    const std::string old = UniqueSibling(m_final, ".old-");
    const bool hadOld = fs::exists(fs::symlink_status(m_final, ec));
    // Another run given the same path may have put its directory there since this one was
    // checked (both set up at once): a live one is never replaced. Checked again once it is
    // aside (the lock goes with the directory), for one that got there in between.
    auto refuseIfLive = [this](const std::string& path) {
        if (!IsLockedByAWriter(path))
        {
            return std::string();
        }
        const auto writer = RunDirectoryWriter(path);
        return m_final + " is being written by " +
               (writer ? writer->program + " (process " + std::to_string(writer->pid) + ")"
                       : std::string("another run")) +
               ", which took it while this run was being set up: not replacing it (choose "
               "another --out)";
    };
    if (hadOld)
    {
        if (auto why = refuseIfLive(m_final); !why.empty())
        {
            throw std::runtime_error(why);
        }
        fs::rename(m_final, old, ec);
        if (ec)
        {
            throw std::runtime_error("cannot replace " + m_final + ": " + ec.message());
        }
        if (auto why = refuseIfLive(old); !why.empty())
        {
            std::error_code back;
            fs::rename(old, m_final, back);
            throw std::runtime_error(why);
        }
    }
    fs::rename(m_path, m_final, ec);
    if (ec)
    {
        const std::string why = ec.message();
        if (hadOld)
        {
            std::error_code back;
            fs::rename(old, m_final, back); // the earlier run stays where it was
        }
        throw std::runtime_error("cannot rename " + m_path + " to " + m_final + ": " + why);
    }
    m_committed = true;
    m_path = m_final;
    if (hadOld && !RemoveOwnEntries(old, *m_owner))
    {
        m_keptAside = old;
    }
}

} // namespace expressroute
} // namespace ns3
