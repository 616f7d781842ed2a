# The windows-x86_64 DLL: Debian's gcc-mingw-w64-x86-64 (its win32 thread model, so nothing needs
# libwinpthread); programs run under Debian's wine64 (scripts/wine-run.sh).
# See cmake/toolchain-linux-x86_64.cmake.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR AMD64)
set(PRESENCE_PLATFORM windows-x86_64)
set(PRESENCE_TARGET_TRIPLE x86_64-w64-mingw32)
set(CMAKE_C_COMPILER ${PRESENCE_TARGET_TRIPLE}-gcc-win32)
set(CMAKE_RC_COMPILER ${PRESENCE_TARGET_TRIPLE}-windres)
get_filename_component(presence_toolchain_dir "${CMAKE_CURRENT_LIST_FILE}" DIRECTORY)
set(CMAKE_CROSSCOMPILING_EMULATOR ${presence_toolchain_dir}/../scripts/wine-run.sh)
set(CMAKE_FIND_ROOT_PATH /usr/${PRESENCE_TARGET_TRIPLE})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
