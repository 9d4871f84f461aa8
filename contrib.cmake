# Build inside an ns-3 source tree: place this directory at contrib/expressroute. ns-3's
# build_lib() compiles model/ and helper/ into libns3-expressroute and test/ into its test
# library; the standalone build (CMakeLists.txt) is the primary one and is what CI runs.
file(GLOB ER_SOURCES CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/model/*.cc
                                       ${CMAKE_CURRENT_LIST_DIR}/helper/*.cc)
file(GLOB ER_HEADERS CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/model/*.h
                                       ${CMAKE_CURRENT_LIST_DIR}/helper/*.h)
set(ER_GENERATED ${CMAKE_CURRENT_BINARY_DIR}/generated)
file(READ ${CMAKE_CURRENT_LIST_DIR}/examples/scenarios/default.json ER_DEFAULT_SCENARIO_TEXT)
configure_file(${CMAKE_CURRENT_LIST_DIR}/cmake/default-scenario.cc.in
               ${ER_GENERATED}/expressroute-default-scenario.cc @ONLY)
file(WRITE ${ER_GENERATED}/expressroute-version.h
     "#define EXPRESSROUTE_VERSION \"contrib\"\n")
find_package(nlohmann_json 3 REQUIRED)
find_package(Boost 1.74 REQUIRED COMPONENTS graph)
find_package(SQLite3 REQUIRED)
build_lib(
  LIBNAME expressroute
  SOURCE_FILES ${ER_SOURCES} ${ER_GENERATED}/expressroute-default-scenario.cc
  HEADER_FILES ${ER_HEADERS}
  LIBRARIES_TO_LINK ${libcore} ${libnetwork} ${libinternet} ${libpoint-to-point}
                    ${libapplications} ${libtraffic-control}
                    nlohmann_json::nlohmann_json Boost::graph SQLite::SQLite3
)
target_include_directories(${libexpressroute-obj} PRIVATE ${ER_GENERATED}
                           ${CMAKE_CURRENT_LIST_DIR}/model ${CMAKE_CURRENT_LIST_DIR}/helper)
target_compile_definitions(${libexpressroute-obj} PRIVATE
                           EXPRESSROUTE_DATA_DIR="${CMAKE_CURRENT_LIST_DIR}/data")
