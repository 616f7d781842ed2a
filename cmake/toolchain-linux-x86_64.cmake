# The linux-x86_64 library: Debian's gcc for x86_64 (gcc, x86_64-linux-gnu-gcc).
# A platform is one such file: cmake/toolchain-PLATFORM.cmake, PLATFORM as NativeLibrary.platformKey
# names it (PRESENCE_PLATFORM). PRESENCE_TARGET_TRIPLE is the GNU triple (the compiler prefix and libxml2's --host);
# CMAKE_CROSSCOMPILING_EMULATOR runs the target's programs here (the icon generator, the tests).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(PRESENCE_PLATFORM linux-x86_64)
set(PRESENCE_TARGET_TRIPLE x86_64-linux-gnu)
set(CMAKE_C_COMPILER ${PRESENCE_TARGET_TRIPLE}-gcc)
set(CMAKE_CROSSCOMPILING_EMULATOR env)  # runs the program as it is: the build machine is x86_64
