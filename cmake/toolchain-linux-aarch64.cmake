# The linux-aarch64 library: Debian's gcc-aarch64-linux-gnu; programs run under qemu-user with
# Debian's arm64 cross libc (libc6-arm64-cross). See cmake/toolchain-linux-x86_64.cmake.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(PRESENCE_PLATFORM linux-aarch64)
set(PRESENCE_TARGET_TRIPLE aarch64-linux-gnu)
set(CMAKE_C_COMPILER ${PRESENCE_TARGET_TRIPLE}-gcc)
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64 -L /usr/${PRESENCE_TARGET_TRIPLE})
set(CMAKE_FIND_ROOT_PATH /usr/${PRESENCE_TARGET_TRIPLE})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
