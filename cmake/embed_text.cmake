# cmake -DINPUT=file -DOUTPUT=file.inc -DNAME=symbol -P embed_text.cmake
# Writes the input file's text as a C++ raw string literal (`inline constexpr std::string_view NAME`),
# so that a binary carries a data file it must never be without (the default rules).
file(READ ${INPUT} _text)
string(FIND "${_text}" ")capsule_embedded\"" _clash)
if(NOT _clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw string's end marker")
endif()
file(WRITE ${OUTPUT}.tmp "// Generated from ${INPUT} by cmake/embed_text.cmake: do not edit.\n"
     "inline constexpr std::string_view ${NAME} = R\"capsule_embedded(${_text})capsule_embedded\";\n")
file(COPY_FILE ${OUTPUT}.tmp ${OUTPUT} ONLY_IF_DIFFERENT)
file(REMOVE ${OUTPUT}.tmp)
