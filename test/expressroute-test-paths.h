// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_TEST_PATHS_H
#define EXPRESSROUTE_TEST_PATHS_H

// The source tree and the programs' directory of this build, from a generated file
// (cmake/test-paths.cc.in) rather than compile definitions, so that the test files compile to
// the same objects in every checkout and ccache shares them.

#include <string>

namespace ns3
{
namespace expressroute
{
namespace test
{

std::string SourceDir();
std::string BinDir();

} // namespace test
} // namespace expressroute
} // namespace ns3

#define EXPRESSROUTE_SOURCE_DIR (::ns3::expressroute::test::SourceDir())
#define EXPRESSROUTE_BIN_DIR (::ns3::expressroute::test::BinDir())

#endif // EXPRESSROUTE_TEST_PATHS_H
