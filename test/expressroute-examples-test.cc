// SPDX-License-Identifier: GPL-2.0-only
// The example scenarios (examples/scenarios/), each run from the command line as a user would,
// briefly, with its headline number asserted from summary.json.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/wait.h>

namespace
{

struct Run
{
    int exitCode;
    std::string output;
    nlohmann::json summary;
};

/// Runs expressroute-sim on an example scenario with extra flags; reads summary.json.
Run
RunExample(const std::string& scenario, const std::string& flags)
{
    const std::string out = "/tmp/expressroute-example-" + scenario;
    const std::string cmd = std::string(EXPRESSROUTE_BIN_DIR) + "/expressroute-sim --scenario=" +
                            EXPRESSROUTE_SOURCE_DIR + "/examples/scenarios/" + scenario +
                            ".json --out=" + out + " " + flags + " 2>&1";
    FILE* pipe = ::popen(cmd.c_str(), "r");
    std::string text;
    std::array<char, 4096> buf;
    while (pipe && std::fgets(buf.data(), buf.size(), pipe))
    {
        text += buf.data();
    }
    const int status = pipe ? ::pclose(pipe) : -1;
    Run r{WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), text, {}};
    std::ifstream in(out + "/summary.json");
    if (in)
    {
        r.summary = nlohmann::json::parse(in);
    }
    return r;
}

bool
Contains(const nlohmann::json& list, const std::string& item)
{
    for (const auto& v : list)
    {
        if (v == item)
        {
            return true;
        }
    }
    return false;
}

} // namespace

TEST(ExampleWhatIfAmsterdam, OutageMovesTheLoadToLondonAndTheDrainMovesItBack)
{
    const auto r = RunExample("what-if-amsterdam", "");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    const auto& failures = r.summary["failures"];
    ASSERT_EQ(failures.size(), 2u) << r.output;
    const auto& outage = failures[0];
    EXPECT_EQ(outage["kind"], "PeeringLocationOutage");
    // BFD finds the silent failure in 0.9 s: at most 1.25 s of probes (every 250 ms) lost.
    EXPECT_LE(outage["longest_outage_s"].get<double>(), 1.25) << outage["headline"];
    EXPECT_LT(outage["detection_s"].get<double>(), 1.0) << outage["headline"];
    EXPECT_TRUE(Contains(outage["shifted_from"], "er-ams/primary")) << outage["headline"];
    EXPECT_TRUE(Contains(outage["shifted_to"], "er-lon/primary")) << outage["headline"];
    EXPECT_GT(outage["shifted_bps"].get<double>(), 5e6) << outage["headline"];
    const auto& drain = failures[1];
    EXPECT_EQ(drain["kind"], "MaintenanceDrain");
    EXPECT_EQ(drain["probes_lost"], 0) << drain["headline"];
    EXPECT_TRUE(Contains(drain["shifted_from"], "er-lon/primary")) << drain["headline"];
    // The printed summary answers it too.
    EXPECT_NE(r.output.find("PeeringLocationOutage Amsterdam at 25 s (cleared at 45 s): detected in"),
              std::string::npos)
        << r.output;
}
