// SPDX-License-Identifier: GPL-2.0-only
// The expressroute-resilience command line: bad flags and bad scenarios get a message naming
// what is wrong and a non-zero exit; the default scenario writes every output.
#include "expressroute-scenario-loader.h"
#include "expressroute-temp-dir.h"
#include "expressroute-test-programs.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/wait.h>

using namespace ns3::expressroute;

namespace
{

using ns3::expressroute::test::Outcome;
using ns3::expressroute::test::RunProgram;

Outcome
RunResilience(const std::string& args)
{
    return RunProgram("expressroute-resilience " + args);
}

std::string
TempPath(const std::string& name)
{
    return (std::filesystem::temp_directory_path() / ("expressroute-resilience-" + name)).string();
}

} // namespace

TEST(ResilienceCommandLine, BadDepthIsRefusedWithTheFlagNamed)
{
    const std::string out = TempPath("never");
    const auto r = RunResilience("--depth=3 --out=" + out);
    EXPECT_EQ(r.exitCode, 2) << r.output;
    EXPECT_NE(r.output.find("--depth=3"), std::string::npos) << r.output;
    EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(ResilienceCommandLine, MissingScenarioFileIsNamed)
{
    const auto r = RunResilience("--scenario=/nonexistent/contoso.json --out=" + TempPath("never"));
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_NE(r.output.find("/nonexistent/contoso.json"), std::string::npos) << r.output;
}

TEST(ResilienceCommandLine, MalformedJsonReportsLineAndColumn)
{
    const std::string file = TempPath("broken.json");
    std::ofstream(file) << "{\n  \"name\": \"x\",\n  \"sites\": [ }\n";
    const auto r = RunResilience("--scenario=" + file + " --out=" + TempPath("never"));
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_NE(r.output.find(file + ":3:"), std::string::npos) << r.output;
}

TEST(ResilienceCommandLine, InvalidScenarioNamesTheField)
{
    std::string json = DefaultScenarioJson();
    json.replace(json.find("\"bandwidth\""), 11, "\"bandwith\"");
    const std::string file = TempPath("typo.json");
    std::ofstream(file) << json;
    const auto r = RunResilience("--scenario=" + file + " --out=" + TempPath("never"));
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_NE(r.output.find("/circuits/0/bandwith: unknown key; did you mean 'bandwidth'?"),
              std::string::npos)
        << r.output;
}

TEST(ResilienceCommandLine, DefaultScenarioWritesEveryOutputAndPrintsTheDigest)
{
    const test::TempDir tmp("resilience");
    const std::string out = tmp.Path("default");
    const auto r = RunResilience("--depth=2 --out=" + out);
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("Peering location Amsterdam"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("Peering location London"), std::string::npos) << r.output;
    for (const char* f : {"failure-sets.csv", "effects.csv", "pairs.csv", "scores.csv",
                          "summary.json", "scenario.json", "digest.txt"})
    {
        EXPECT_TRUE(std::filesystem::exists(out + "/" + f)) << f;
    }
    std::ifstream sets(out + "/failure-sets.csv");
    std::string header;
    std::getline(sets, header);
    EXPECT_EQ(header, "set,size,elements,kinds,pairs_cut,pairs_cut_jointly,pairs_unredundant,"
                      "pairs_short,pairs_sku_blocked");
}

TEST(ResilienceCommandLine, ARerunReplacesItsOwnDirectoryButNeverAUsersFile)
{
    const test::TempDir tmp("resilience");
    const std::string out = tmp.Path("analysis");
    auto r = RunResilience("--depth=1 --out=" + out);
    ASSERT_EQ(r.exitCode, 0) << r.output;
    // Before: "exists and is not a run directory written by expressroute-sim".
    r = RunResilience("--depth=1 --out=" + out);
    EXPECT_EQ(r.exitCode, 0) << "its own earlier analysis is replaced: " << r.output;

    std::ofstream(out + "/review.md") << "the board's comments";
    r = RunResilience("--depth=1 --out=" + out);
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_NE(r.output.find("analysis holds review.md, which expressroute-resilience did not "
                            "write"),
              std::string::npos)
        << r.output;
    std::ifstream review(out + "/review.md");
    std::string text;
    std::getline(review, text);
    EXPECT_EQ(text, "the board's comments");
    EXPECT_TRUE(std::filesystem::exists(out + "/digest.txt")) << "the earlier analysis stays";
}
