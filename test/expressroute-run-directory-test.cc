// SPDX-License-Identifier: GPL-2.0-only
// No user data is ever lost (issue: what-if answers under load, item 5): --out never replaces
// what expressroute-sim did not write, killed runs' temporary directories are cleaned, run.json
// ties a result to its data files.
#include "expressroute-output-writer.h"
#include "expressroute-temp-dir.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>

using ns3::expressroute::IsRunDirectory;
using ns3::expressroute::RunDirectory;
using ns3::expressroute::test::TempDir;
namespace fs = std::filesystem;

namespace
{

std::pair<int, std::string>
Sim(const std::string& args, const std::string& env = "")
{
    const std::string cmd =
        env + " " + std::string(EXPRESSROUTE_BIN_DIR) + "/expressroute-sim --duration=1s " + args + " 2>&1";
    FILE* pipe = ::popen(cmd.c_str(), "r");
    std::string out;
    std::array<char, 4096> buf;
    while (pipe && std::fgets(buf.data(), buf.size(), pipe))
    {
        out += buf.data();
    }
    const int status = pipe ? ::pclose(pipe) : -1;
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

std::string
Read(const std::string& path)
{
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace

TEST(RunDirectoryOut, AForeignDirectoryOrFileIsRefusedAndKept)
{
    const TempDir tmp("rundir");
    fs::create_directory(tmp.Path("mydata"));
    std::ofstream(tmp.Path("mydata/thesis.txt")) << "four years of work";
    auto [rc, out] = Sim("--out=" + tmp.Path("mydata"));
    EXPECT_EQ(rc, 1) << out;
    EXPECT_NE(out.find("mydata exists and is not a run directory written by expressroute-sim"),
              std::string::npos)
        << out;
    EXPECT_EQ(Read(tmp.Path("mydata/thesis.txt")), "four years of work");
    EXPECT_EQ(out.find("simulated"), std::string::npos) << "refused before the simulation";

    std::ofstream(tmp.Path("notes.txt")) << "notes";
    std::tie(rc, out) = Sim("--out=" + tmp.Path("notes.txt"));
    EXPECT_EQ(rc, 1) << out;
    EXPECT_NE(out.find("notes.txt is a file, not a run directory"), std::string::npos) << out;
    EXPECT_EQ(Read(tmp.Path("notes.txt")), "notes");
}

TEST(RunDirectoryOut, AnEarlierRunOfOursIsReplacedAndMarked)
{
    const TempDir tmp("rundir");
    auto [rc, out] = Sim("--out=" + tmp.Path("run"));
    ASSERT_EQ(rc, 0) << out;
    EXPECT_TRUE(IsRunDirectory(tmp.Path("run")));
    EXPECT_NE(Read(tmp.Path("run/run.json")).find("\"program\": \"expressroute-sim\""),
              std::string::npos);
    std::tie(rc, out) = Sim("--seed=2 --out=" + tmp.Path("run"));
    ASSERT_EQ(rc, 0) << out;
    EXPECT_NE(Read(tmp.Path("run/run.json")).find("\"seed\": 2"), std::string::npos);
}

TEST(RunDirectoryOut, TemporaryDirectoriesOfKilledRunsAreRemoved)
{
    const TempDir tmp("rundir");
    // A pid far above pid_max (4194304 at most on Linux): no such process.
    fs::create_directory(tmp.Path("run.tmp-99999999"));
    std::ofstream(tmp.Path("run.tmp-99999999/probes.csv")) << "partial";
    // One of a live process (this test) stays.
    const std::string mine = tmp.Path("run.tmp-" + std::to_string(::getpid()));
    fs::create_directory(mine);
    auto [rc, out] = Sim("--out=" + tmp.Path("run"));
    ASSERT_EQ(rc, 0) << out;
    EXPECT_FALSE(fs::exists(tmp.Path("run.tmp-99999999")));
    EXPECT_TRUE(fs::exists(mine));
}

TEST(RunDirectoryOut, RunJsonTiesTheResultToItsDataFiles)
{
    const TempDir tmp("rundir");
    auto [rc, out] = Sim("--out=" + tmp.Path("a"));
    ASSERT_EQ(rc, 0) << out;
    const std::string a = Read(tmp.Path("a/run.json"));
    EXPECT_NE(a.find("\"from\": \"built-in\""), std::string::npos) << a;
    EXPECT_NE(a.find("\"digest\": \"fnv1a64:"), std::string::npos) << a;
    // A copy of the data with one byte changed: another digest, and the source named.
    fs::copy(std::string(EXPRESSROUTE_SOURCE_DIR) + "/data", tmp.Path("data"));
    std::ofstream(tmp.Path("data/regions.csv"), std::ios::app) << "\n";
    std::tie(rc, out) = Sim("--out=" + tmp.Path("b"), "EXPRESSROUTE_DATA_DIR=" + tmp.Path("data"));
    ASSERT_EQ(rc, 0) << out;
    const std::string b = Read(tmp.Path("b/run.json"));
    EXPECT_NE(b.find("\"from\": \"EXPRESSROUTE_DATA_DIR\""), std::string::npos) << b;
    const auto digest = [](const std::string& j) {
        const auto at = j.find("\"digest\": ");
        return j.substr(at, 36);
    };
    EXPECT_NE(digest(a), digest(b));
}
