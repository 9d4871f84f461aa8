// SPDX-License-Identifier: GPL-2.0-only
// The README's printed default run is what the simulator prints: the first line (without the
// wall time) and the summary table, number by number within the rounding of the printed digits.
// Per-failure lines are not compared (the default scenario has none, and their wording is
// documented in doc/outputs.md).
#include "expressroute-simulation.h"
#include "expressroute-test-fixture.h"
#include "expressroute-test-paths.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::expressroute;

namespace
{

std::vector<std::string>
Lines(const std::string& text)
{
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
    {
        out.push_back(line);
    }
    return out;
}

/// The README's code block that starts with @p firstLine's prefix, without the fences.
std::vector<std::string>
ReadmeBlock(const std::string& prefix)
{
    std::ifstream in(std::string(EXPRESSROUTE_SOURCE_DIR) + "/README.md");
    std::stringstream text;
    text << in.rdbuf();
    const auto lines = Lines(text.str());
    std::vector<std::string> block;
    for (std::size_t i = 1; i < lines.size(); ++i)
    {
        if (lines[i - 1] == "```" && lines[i].rfind(prefix, 0) == 0)
        {
            for (std::size_t j = i; j < lines.size() && lines[j] != "```"; ++j)
            {
                block.push_back(lines[j]);
            }
            break;
        }
    }
    return block;
}

/// The lines of a printed summary without the failures section.
std::vector<std::string>
WithoutFailures(const std::vector<std::string>& lines)
{
    std::vector<std::string> out;
    bool inFailures = false;
    for (const auto& l : lines)
    {
        if (l == "failures:")
        {
            inFailures = true;
        }
        else if (inFailures && l.empty())
        {
            inFailures = false;
        }
        if (!inFailures)
        {
            out.push_back(l);
        }
    }
    return out;
}

/// True when @p a and @p b are the same words and the same numbers within @p tolerance.
bool
SameWithinRounding(const std::string& a, const std::string& b, double tolerance)
{
    std::istringstream wa(a);
    std::istringstream wb(b);
    std::string x;
    std::string y;
    while (true)
    {
        const bool hasX = static_cast<bool>(wa >> x);
        const bool hasY = static_cast<bool>(wb >> y);
        if (!hasX || !hasY)
        {
            return hasX == hasY;
        }
        char* endX = nullptr;
        char* endY = nullptr;
        const double nx = std::strtod(x.c_str(), &endX);
        const double ny = std::strtod(y.c_str(), &endY);
        const bool numbers = *endX == '\0' && *endY == '\0' && !x.empty() && !y.empty();
        if (numbers ? std::fabs(nx - ny) > tolerance : x != y)
        {
            return false;
        }
    }
}

} // namespace

using ReadmeTest = test::SimulatorTest;

TEST_F(ReadmeTest, DefaultRunTableMatchesARealRun)
{
    const auto readme = ReadmeBlock("scenario contoso-europe, ");
    ASSERT_GT(readme.size(), 5u) << "README.md has the default run's printed output";
    RunOptions options;
    options.writeOutputs = false;
    const Scenario scenario = LoadDefault();
    const RunResult result = RunScenario(scenario, options, m_geography, m_backbone);

    // The first line, up to the wall time.
    std::ostringstream first;
    first << "scenario " << scenario.name << ", seed " << result.seed << ", run " << result.run
          << ", " << result.duration.GetSeconds() << " s simulated in ";
    EXPECT_EQ(readme[0].rfind(first.str(), 0), 0u)
        << "README: " << readme[0] << "\nreal:   " << first.str();

    // The table and its notes: README lines 1 .. "run directory:" against the real summary.
    std::vector<std::string> shown;
    for (std::size_t i = 1; i < readme.size() && readme[i].rfind("run directory:", 0) != 0; ++i)
    {
        shown.push_back(readme[i]);
    }
    auto real = Lines("\n" + FormatSummaryTable(result) + "\n");
    real = WithoutFailures(real);
    shown = WithoutFailures(shown);
    ASSERT_EQ(shown.size(), real.size()) << "README:\n"
                                         << ::testing::PrintToString(shown) << "\nreal:\n"
                                         << ::testing::PrintToString(real);
    for (std::size_t i = 0; i < real.size(); ++i)
    {
        // Printed with 2 decimals: equal within one unit of the last digit.
        EXPECT_TRUE(SameWithinRounding(shown[i], real[i], 0.0101))
            << "README: " << shown[i] << "\nreal:   " << real[i];
    }
}

TEST(ReadmeCompare, NumbersWithinRoundingWordsExactly)
{
    EXPECT_TRUE(SameWithinRounding("a 20.29 ms 0.00", "a  20.30 ms 0.00", 0.0101));
    EXPECT_FALSE(SameWithinRounding("a 20.29 ms", "a 20.31 ms", 0.0101));
    EXPECT_FALSE(SameWithinRounding("a 20.29 ms", "b 20.29 ms", 0.0101));
    EXPECT_FALSE(SameWithinRounding("a 20.29", "a 20.29 ms", 0.0101));
}
