/*
 * presence_unload.c — what the shipped JNI library (PRESENCE_STATIC_LIBXML2: libxml2 linked in)
 * does when the JVM unloads it.
 *
 * A JVM unloads a JNI library when the class loader that loaded it is collected: at every
 * reload of the plugin. The threads that called into it (Openfire's Jetty threads) live on.
 * libxml2 keeps a per-thread state and frees it when such a thread ends: on Linux through a
 * pthread key destructor, on Windows through DLL_THREAD_DETACH notifications (libxml2 built
 * with LIBXML_STATIC_FOR_DLL; its other static mode starts a helper thread per thread instead,
 * which would run unmapped code after an unload). Code of an unloaded library must never run:
 *  - JNI_OnUnload frees what the core keeps between calls (presence_core_cleanup), then calls
 *    xmlCleanupParser(), which deletes the pthread key (Linux) or frees every
 *    thread's state and the TLS slot (Windows); the JVM calls it once no class of the loader is
 *    reachable, so no thread is inside the library. Each live thread's state is then leaked
 *    (a few hundred bytes), instead of being freed by code that is gone.
 *  - DllMain (Windows) forwards to libxml2's xmlDllMain, so a thread's state is freed when the
 *    thread ends while the library is loaded.
 * Only in the shipped build: a libxml2 shared with other users (the system's, in test builds)
 * must not be cleaned up by us.
 */
#include <jni.h>

#include <libxml/parser.h>

#include "presence.h"

#ifdef _WIN32
#include <windows.h>
#endif

JNIEXPORT void JNICALL JNI_OnUnload(JavaVM *vm, void *reserved)
{
    (void)vm;
    (void)reserved;
    presence_core_cleanup();  /* the core's kept answers: freed before libxml2 is cleaned up */
    xmlCleanupParser();
}

#ifdef _WIN32
/* libxml2's own (threads.c, LIBXML_STATIC_FOR_DLL); its header declares it only inside libxml2's
 * build (HAVE_WIN32_THREADS). Frees the ending thread's state on DLL_THREAD_DETACH. */
int XMLCALL xmlDllMain(void *instance, unsigned long reason, void *reserved);

/* Windows calls this for the DLL's process and thread attach and detach events. */
BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved);

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    return xmlDllMain(instance, reason, reserved) ? TRUE : FALSE;
}
#endif
