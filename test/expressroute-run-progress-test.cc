// SPDX-License-Identifier: GPL-2.0-only
// Progress of a long run: the line expressroute-sim draws on a terminal (simulated time,
// events/s, ETA), RunScenario's progress callback, and the program showing it only on a
// terminal (and not with --quiet), its interrupted summary naming the time reached.
#include "expressroute-run-progress.h"
#include "expressroute-simulation.h"
#include "expressroute-temp-dir.h"
#include "expressroute-test-fixture.h"
#include "expressroute-test-paths.h"
#include "expressroute-test-programs.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::expressroute;

namespace
{

/// Output (stdout and stderr) of @p command run by the shell.
std::string
Shell(const std::string& command)
{
    return test::RunShell(command).output;
}

/// expressroute-sim on a pseudo-terminal (script(1)), interrupted by SIGINT after @p seconds.
std::string
SimOnTerminal(const std::string& args, double seconds)
{
    const std::string sim = std::string(EXPRESSROUTE_BIN_DIR) + "/expressroute-sim " + args;
    return Shell("script -qec 'timeout -s INT " + std::to_string(seconds) + " " + sim +
                 "' /dev/null");
}

bool
HaveScript()
{
    return std::system("command -v script >/dev/null 2>&1 && command -v timeout >/dev/null 2>&1") ==
           0;
}

} // namespace

TEST(RunProgress, FormatsScenarioTimeEventRateAndEta)
{
    RunProgress p;
    p.warmupSeconds = 5;
    p.plannedSeconds = 120;
    p.endSeconds = 126; // warm-up + 120 s + 1 s drain
    p.simulatedSeconds = 17;
    p.events = 90'400;
    p.wallSeconds = 2;
    // 109 simulated seconds left at 8.5 per wall second: 12.8 s.
    EXPECT_EQ(FormatRunProgress(p),
              "scenario time 12.0 s of 120 s (10%), 45.2k events/s, 0:02 elapsed, ETA 0:13");
    p.simulatedSeconds = 2;
    p.events = 500;
    p.wallSeconds = 0.5;
    EXPECT_EQ(FormatRunProgress(p),
              "warm-up 2.0 s of 5 s, 1.0k events/s, 0:01 elapsed, ETA 0:31");
}

using RunProgressTest = test::SimulatorTest;

TEST_F(RunProgressTest, RunScenarioReportsWhereTheRunIs)
{
    RunOptions options;
    options.duration = Seconds(2);
    options.writeOutputs = false;
    options.progressEverySeconds = 0; // at every check, 10 ms of simulated time
    std::vector<RunProgress> seen;
    options.progress = [&seen](const RunProgress& p) { seen.push_back(p); };
    const RunResult result = RunScenario(LoadDefault(), options, m_geography, m_backbone);
    ASSERT_GT(seen.size(), 100u) << "a report every 10 ms of the warm-up and the 2 s";
    const double warmup = result.warmup.GetSeconds();
    for (std::size_t i = 1; i < seen.size(); ++i)
    {
        EXPECT_GT(seen[i].simulatedSeconds, seen[i - 1].simulatedSeconds) << i;
        EXPECT_GE(seen[i].events, seen[i - 1].events) << i;
        EXPECT_GE(seen[i].wallSeconds, seen[i - 1].wallSeconds) << i;
    }
    EXPECT_DOUBLE_EQ(seen.back().plannedSeconds, 2.0);
    EXPECT_DOUBLE_EQ(seen.back().warmupSeconds, warmup);
    EXPECT_DOUBLE_EQ(seen.back().endSeconds, warmup + 2.0 + 1.0) << "warm-up, run, 1 s drain";
    EXPECT_LE(seen.back().simulatedSeconds, seen.back().endSeconds);
    EXPECT_GT(seen.back().simulatedSeconds, warmup + 1.9);
    EXPECT_LE(seen.back().events, result.events);
}

TEST(SimProgress, ShownOnATerminalWithTheTimeReachedWhenInterrupted)
{
    if (!HaveScript())
    {
        GTEST_SKIP() << "script(1) or timeout(1) missing: no pseudo-terminal";
    }
    const test::TempDir tmp("progress");
    const std::string out = SimOnTerminal("--duration=600s --out=" + tmp.Path("run"), 2.2);
    EXPECT_NE(out.find("scenario time "), std::string::npos) << out;
    EXPECT_NE(out.find(" events/s, "), std::string::npos) << out;
    EXPECT_NE(out.find(", ETA "), std::string::npos) << out;
    EXPECT_NE(out.find(" s simulated of 600 s"), std::string::npos) << out;
    EXPECT_NE(out.find("interrupted by a signal at scenario time "), std::string::npos) << out;
    EXPECT_NE(out.find(" s of 600 s; run.json says interrupted"), std::string::npos) << out;

    const std::string quiet =
        SimOnTerminal("--quiet --duration=600s --out=" + tmp.Path("quiet"), 1.3);
    EXPECT_EQ(quiet.find("events/s"), std::string::npos) << quiet;
    EXPECT_NE(quiet.find(" s simulated of 600 s"), std::string::npos) << quiet;

    // Not a terminal (a pipe): no progress either.
    const std::string piped = Shell("timeout -s INT 1.3 " + std::string(EXPRESSROUTE_BIN_DIR) +
                                    "/expressroute-sim --duration=600s --out=" + tmp.Path("pipe"));
    EXPECT_EQ(piped.find("events/s"), std::string::npos) << piped;
    EXPECT_NE(piped.find(" s simulated of 600 s"), std::string::npos) << piped;
}
