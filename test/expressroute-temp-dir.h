// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_TEMP_DIR_H
#define EXPRESSROUTE_TEMP_DIR_H

// A fresh temporary directory per test, removed with everything in it when the test ends, so
// that tests (and two suites run at once) never share files.

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <unistd.h>

namespace ns3
{
namespace expressroute
{
namespace test
{

/// A directory made by mkdtemp under $TMPDIR (else /tmp), removed on destruction.
class TempDir
{
  public:
    /// @p tag names the test in the directory's name (expressroute-<tag>-XXXXXX).
    explicit TempDir(const std::string& tag = "test")
    {
        const char* base = std::getenv("TMPDIR");
        std::string name = std::string(base && *base ? base : "/tmp") + "/expressroute-" + tag +
                           "-XXXXXX";
        if (::mkdtemp(name.data()) == nullptr)
        {
            throw std::runtime_error("cannot create a temporary directory " + name + ": " +
                                     std::strerror(errno));
        }
        m_path = name;
    }

    ~TempDir()
    {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }

    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    /// The directory.
    const std::string& Path() const { return m_path; }

    /// @p name inside the directory.
    std::string Path(const std::string& name) const { return m_path + "/" + name; }

  private:
    std::string m_path;
};

} // namespace test
} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_TEMP_DIR_H
