// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_SCENARIO_TEST_UTIL_H
#define EXPRESSROUTE_SCENARIO_TEST_UTIL_H

// Helpers shared by the scenario loader and rule tests: the real geography from data/, the test
// scenario files under test/scenarios/, and assertions on the errors a scenario produces.

#include "expressroute-geography-reader.h"
#include "expressroute-geography.h"
#include "expressroute-scenario-loader.h"
#include "expressroute-test-paths.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ns3
{
namespace expressroute
{
namespace test
{

/// The geography of data/, read once per test process.
inline Ptr<Geography>
TestGeography()
{
    static Ptr<Geography> geo = ReadGeography(EXPRESSROUTE_SOURCE_DIR + "/data");
    return geo;
}

/// Path of a test scenario, e.g. "invalid/standard-cross-geo.json".
inline std::string
ScenarioFile(const std::string& relative)
{
    return EXPRESSROUTE_SOURCE_DIR + "/test/scenarios/" + relative;
}

/// The errors of loading @p file (empty when it loads).
inline std::vector<ScenarioError>
FileErrors(const std::string& file)
{
    try
    {
        LoadScenarioFile(file, TestGeography());
    }
    catch (const ScenarioLoadError& e)
    {
        return e.GetErrors();
    }
    return {};
}

/// The errors of loading JSON text (empty when it loads).
inline std::vector<ScenarioError>
TextErrors(const std::string& json)
{
    try
    {
        LoadScenarioString(json, "test", TestGeography());
    }
    catch (const ScenarioLoadError& e)
    {
        return e.GetErrors();
    }
    return {};
}

/// All errors, one per line, for assertion messages.
inline std::string
Describe(const std::vector<ScenarioError>& errors)
{
    std::string out;
    for (const auto& e : errors)
    {
        out += "\n  " + e.path + ": " + e.message;
    }
    return out.empty() ? " (none)" : out;
}

/// An expected error: its exact path and words its message must contain.
struct Expected
{
    std::string path;
    std::vector<std::string> words;
};

/// Success when @p errors are exactly @p expected, in this order.
inline ::testing::AssertionResult
ErrorsAre(const std::vector<ScenarioError>& errors, const std::vector<Expected>& expected)
{
    if (errors.size() != expected.size())
    {
        return ::testing::AssertionFailure()
               << "expected " << expected.size() << " error(s), got:" << Describe(errors);
    }
    for (std::size_t i = 0; i < expected.size(); ++i)
    {
        if (errors[i].path != expected[i].path)
        {
            return ::testing::AssertionFailure()
                   << "error " << i << " should be at '" << expected[i].path
                   << "', got:" << Describe(errors);
        }
        for (const auto& w : expected[i].words)
        {
            if (errors[i].message.find(w) == std::string::npos)
            {
                return ::testing::AssertionFailure() << "error " << i << " should contain '" << w
                                                     << "', got:" << Describe(errors);
            }
        }
    }
    return ::testing::AssertionSuccess();
}

/// Success when the test scenario @p relative loads without errors.
inline ::testing::AssertionResult
Loads(const std::string& relative)
{
    const auto errors = FileErrors(ScenarioFile(relative));
    if (errors.empty())
    {
        return ::testing::AssertionSuccess();
    }
    return ::testing::AssertionFailure() << relative << " should load, got:" << Describe(errors);
}

/// Success when the test scenario @p relative fails with exactly @p expected.
inline ::testing::AssertionResult
FailsWith(const std::string& relative, const std::vector<Expected>& expected)
{
    return ErrorsAre(FileErrors(ScenarioFile(relative)), expected);
}

} // namespace test
} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_SCENARIO_TEST_UTIL_H
