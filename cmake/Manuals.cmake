# SPDX-License-Identifier: Apache-2.0
# Man pages and bash completions, generated from the programs' --help by
# scripts/gen-manuals once both programs are built, and installed to
# share/man and share/bash-completion. They need help2man (Debian's
# help2man package, in scripts/install-deps); without it they are skipped
# unless RELIC_MAN_PAGES is ON, which then fails the configure step.
find_program(RELIC_HELP2MAN help2man)
if(RELIC_HELP2MAN)
  set(relic_man_default ON)
else()
  set(relic_man_default OFF)
endif()
option(RELIC_MAN_PAGES "Generate and install man pages and bash completion" ${relic_man_default})
if(NOT RELIC_MAN_PAGES)
  return()
endif()
if(NOT RELIC_HELP2MAN)
  message(FATAL_ERROR "RELIC_MAN_PAGES needs help2man: apt-get install help2man")
endif()

set(RELIC_MANUALS_DIR ${PROJECT_BINARY_DIR}/manuals)
set(relic_manuals ${RELIC_MANUALS_DIR}/relic.1 ${RELIC_MANUALS_DIR}/relic-lms.8
  ${RELIC_MANUALS_DIR}/relic-lms.conf.5 ${RELIC_MANUALS_DIR}/relic.bash
  ${RELIC_MANUALS_DIR}/relic-lms.bash)
add_custom_command(OUTPUT ${relic_manuals}
  COMMAND bash ${PROJECT_SOURCE_DIR}/scripts/gen-manuals ${RELIC_MANUALS_DIR}
    $<TARGET_FILE:relic-cli> $<TARGET_FILE:relic-lms>
  DEPENDS relic-cli relic-lms ${PROJECT_SOURCE_DIR}/scripts/gen-manuals
  COMMENT "Man pages and bash completion from --help"
  VERBATIM)
add_custom_target(relic_manuals ALL DEPENDS ${relic_manuals})

install(FILES ${RELIC_MANUALS_DIR}/relic.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${RELIC_MANUALS_DIR}/relic-lms.8 DESTINATION ${CMAKE_INSTALL_MANDIR}/man8)
install(FILES ${RELIC_MANUALS_DIR}/relic-lms.conf.5 DESTINATION ${CMAKE_INSTALL_MANDIR}/man5)
install(FILES ${RELIC_MANUALS_DIR}/relic.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
  RENAME relic)
install(FILES ${RELIC_MANUALS_DIR}/relic-lms.bash
  DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME relic-lms)
