// SPDX-License-Identifier: GPL-2.0-only
// The run directory keeps the user's data safe: only run directories written by expressroute
// are replaced, stale temporaries of dead processes go, write errors name the file and the
// operating system's reason; the data digest is SHA-256 as the standard defines it.
#include "expressroute-data-digest.h"
#include "expressroute-run-directory.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <chrono>
#include <csignal>
#include <sstream>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace ns3::expressroute;
namespace fs = std::filesystem;

namespace
{

/// A fresh temporary directory, removed with everything in it at the end of the test.
class ScratchDir
{
  public:
    ScratchDir()
    {
        std::string pattern = (fs::temp_directory_path() / "expressroute-rundir-XXXXXX").string();
        if (!::mkdtemp(pattern.data()))
        {
            throw std::runtime_error("mkdtemp failed");
        }
        m_path = pattern;
    }
    ~ScratchDir()
    {
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
    std::string operator/(const std::string& name) const { return m_path + "/" + name; }
    const std::string& Path() const { return m_path; }

  private:
    std::string m_path;
};

std::string
ReadFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream os;
    os << in.rdbuf();
    return os.str();
}

std::string
RefusalOf(const std::string& path)
{
    try
    {
        RunDirectory dir(path, "expressroute-sim", RunDirectory::Mode::InPlace);
    }
    catch (const RunDirectoryError& e)
    {
        return e.what();
    }
    return "";
}

/// The id of a process that has ended (and been reaped).
pid_t
DeadPid()
{
    const pid_t pid = ::fork();
    if (pid == 0)
    {
        ::_exit(0);
    }
    ::waitpid(pid, nullptr, 0);
    return pid;
}

std::string
Host()
{
    char name[256] = {};
    ::gethostname(name, sizeof(name) - 1);
    return name;
}

} // namespace

TEST(RunDirectory, RefusesADirectoryItDidNotWriteAndLeavesItsFilesAlone)
{
    ScratchDir tmp;
    const std::string mydata = tmp / "mydata";
    fs::create_directories(mydata);
    std::ofstream(mydata + "/thesis.txt") << "four years of work";
    const std::string why = RefusalOf(mydata);
    EXPECT_NE(why.find(mydata), std::string::npos) << "the path is named: " << why;
    EXPECT_NE(why.find("thesis.txt"), std::string::npos) << "what is there is named: " << why;
    EXPECT_EQ(ReadFile(mydata + "/thesis.txt"), "four years of work");
    EXPECT_EQ(std::distance(fs::directory_iterator(tmp.Path()), fs::directory_iterator()), 1)
        << "no temporary directory was left next to it";
}

TEST(RunDirectory, RefusesAFileAndASymbolicLink)
{
    ScratchDir tmp;
    std::ofstream(tmp / "results") << "keep me";
    EXPECT_NE(RefusalOf(tmp / "results").find("it is a file"), std::string::npos);
    EXPECT_EQ(ReadFile(tmp / "results"), "keep me");
    fs::create_directory(tmp / "elsewhere");
    fs::create_directory_symlink(tmp / "elsewhere", tmp / "link");
    EXPECT_NE(RefusalOf(tmp / "link").find("symbolic link"), std::string::npos);
    EXPECT_TRUE(fs::is_symlink(tmp / "link"));
}

TEST(RunDirectory, ReplacesAnEarlierRunDirectoryWhole)
{
    ScratchDir tmp;
    const std::string path = tmp / "run";
    {
        RunDirectory first(path, "expressroute-sim", RunDirectory::Mode::InPlace);
        first.Write("run.json", "{\"status\": \"completed\"}\n");
        first.Write("old-table.csv", "a\n");
        first.Commit();
    }
    RunDirectory second(path, "expressroute-sim", RunDirectory::Mode::InPlace);
    EXPECT_EQ(second.GetPath(), path) << "in place: the final name from the start";
    EXPECT_FALSE(fs::exists(path + "/run.json")) << "the earlier run no longer looks current";
    EXPECT_FALSE(fs::exists(path + "/old-table.csv"));
    second.Write("run.json", "{\"status\": \"running\"}\n");
    EXPECT_EQ(ReadFile(path + "/run.json"), "{\"status\": \"running\"}\n");
}

TEST(RunDirectory, RefusesARunDirectoryToWhichSomeoneAddedFiles)
{
    ScratchDir tmp;
    const std::string path = tmp / "run";
    {
        RunDirectory first(path, "expressroute-resilience");
        first.Write("summary.json", "{}\n");
        first.Commit();
    }
    EXPECT_TRUE(fs::exists(path + "/summary.json")) << "staged: renamed into place at Commit";
    std::ofstream(path + "/notes.txt") << "what this run showed";
    const std::string why = RefusalOf(path);
    EXPECT_NE(why.find("notes.txt, which expressroute did not write"), std::string::npos) << why;
    EXPECT_TRUE(fs::exists(path + "/summary.json"));
}

TEST(RunDirectory, RecognisesRunDirectoriesFromBeforeTheMarker)
{
    ScratchDir tmp;
    const std::string path = tmp / "run";
    fs::create_directories(path + "/pcap");
    std::ofstream(path + "/run.json")
        << R"({"status": "completed", "versions": {"expressroute": "0.1"},)"
        << R"( "files": ["run.json", "probes.csv"]})";
    std::ofstream(path + "/probes.csv") << "time_s\n";
    EXPECT_EQ(RefusalOf(path), "") << "an expressroute-sim run.json listing every file";
    EXPECT_TRUE(fs::exists(path + "/.expressroute-run"));
}

TEST(RunDirectory, RefusesADirectoryALiveProcessIsWritingOnly)
{
    ScratchDir tmp;
    const std::string path = tmp / "run";
    fs::create_directories(path);
    auto markWrittenBy = [&](pid_t pid) {
        std::ofstream(path + "/.expressroute-run")
            << "program=expressroute-sim\nhost=" << Host() << "\npid=" << pid
            << "\nentry=run.json\n";
        std::ofstream(path + "/run.json") << "{}";
    };
    // A process named as the program, as a running expressroute-sim is.
    const pid_t writer = ::fork();
    if (writer == 0)
    {
        ::prctl(PR_SET_NAME, "expressroute-sim");
        ::pause();
        ::_exit(0);
    }
    markWrittenBy(writer);
    std::this_thread::sleep_for(std::chrono::milliseconds(50)); // the child has renamed itself
    EXPECT_NE(RefusalOf(path).find("being written by expressroute-sim (process " +
                                   std::to_string(writer) + ")"),
              std::string::npos);
    ::kill(writer, SIGKILL);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_EQ(RefusalOf(path), "") << "killed, not yet reaped (a zombie): its run is over";
    ::waitpid(writer, nullptr, 0);

    markWrittenBy(1); // alive, but another program took the id
    EXPECT_EQ(RefusalOf(path), "");
}

TEST(RunDirectory, RemovesStaleTemporariesOfDeadProcessesOnly)
{
    ScratchDir tmp;
    const std::string path = tmp / "run";
    const std::string dead = path + ".tmp-" + std::to_string(DeadPid());
    fs::create_directories(dead);
    std::ofstream(dead + "/.expressroute-run")
        << "program=expressroute-sim\nhost=" << Host()
        << "\npid=" << dead.substr(dead.rfind('-') + 1) << "\nentry=run.json\n";
    std::ofstream(dead + "/run.json") << "{\"status\": \"running\"}";
    const pid_t writer = ::fork();
    if (writer == 0)
    {
        ::prctl(PR_SET_NAME, "expressroute-sim");
        ::pause();
        ::_exit(0);
    }
    const std::string live = path + ".tmp-" + std::to_string(writer);
    fs::create_directories(live);
    std::ofstream(live + "/.expressroute-run")
        << "program=expressroute-sim\nhost=" << Host() << "\npid=" << writer << "\n";
    std::this_thread::sleep_for(std::chrono::milliseconds(50)); // the child has renamed itself
    const std::string foreign = path + ".old-" + std::to_string(DeadPid());
    fs::create_directories(foreign);
    std::ofstream(foreign + "/thesis.txt") << "not ours";
    {
        RunDirectory dir(path, "expressroute-sim", RunDirectory::Mode::InPlace);
        dir.Commit();
    }
    EXPECT_FALSE(fs::exists(dead)) << "its process is gone";
    EXPECT_TRUE(fs::exists(live)) << "its process still runs";
    ::kill(writer, SIGKILL);
    ::waitpid(writer, nullptr, 0);
    EXPECT_TRUE(fs::exists(foreign + "/thesis.txt")) << "not a run directory: left alone";
}

TEST(OutputFile, WriteErrorNamesTheFileAndTheReason)
{
    OutputFile full("/dev/full");
    full.Append("time_s,probe\n");
    try
    {
        full.Flush();
        FAIL() << "writing to /dev/full succeeded";
    }
    catch (const std::runtime_error& e)
    {
        EXPECT_EQ(std::string(e.what()), "cannot write /dev/full: No space left on device");
    }
}

TEST(OutputFile, RowsReachTheFileWholeAtEachFlush)
{
    ScratchDir tmp;
    OutputFile out(tmp / "t.csv");
    out.Append("a,b\n");
    EXPECT_EQ(ReadFile(tmp / "t.csv"), "") << "buffered";
    out.Flush();
    EXPECT_EQ(ReadFile(tmp / "t.csv"), "a,b\n");
    const std::string row(1000, 'x');
    for (int i = 0; i < 70; ++i)
    {
        out.Append(row + "\n");
    }
    const std::string written = ReadFile(tmp / "t.csv");
    EXPECT_EQ(written.size(), 4u + 66 * 1001u) << "past 64 KiB the buffer goes out, in whole rows";
}

TEST(DataDigest, Sha256MatchesTheStandardsExamples)
{
    // FIPS 180-4 examples (NIST CSRC): one block, empty, two blocks, a million 'a'.
    EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    EXPECT_EQ(Sha256Hex(std::string(1000000, 'a')),
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(DataDigest, CoversTheNamesAndBytesOfEveryFile)
{
    ScratchDir tmp;
    std::ofstream(tmp / "b.csv") << "2\n";
    std::ofstream(tmp / "a.csv") << "1\n";
    const auto p = DescribeDataDir(tmp.Path());
    EXPECT_EQ(p.files, (std::vector<std::string>{"a.csv", "b.csv"}));
    EXPECT_EQ(p.source, "given");
    EXPECT_EQ(p.digest, "sha256:" + Sha256Hex("a.csv\n2\n1\nb.csv\n2\n2\n"))
        << "doc/outputs.md: name, size, bytes, files in byte order of names";
    std::ofstream(tmp / "b.csv") << "3\n";
    EXPECT_NE(DescribeDataDir(tmp.Path()).digest, p.digest);
    ::setenv("EXPRESSROUTE_DATA_DIR", tmp.Path().c_str(), 1);
    EXPECT_EQ(DescribeDataDir(tmp.Path()).source, "EXPRESSROUTE_DATA_DIR");
    ::unsetenv("EXPRESSROUTE_DATA_DIR");
}
