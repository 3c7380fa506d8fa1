Attribute VB_Name = "WresFunctions"
' The WRES worksheet functions (SPEC section 6), one wrapper per function, in the form
' xlwings' "Import Functions" generates, so they work as soon as the add-in is loaded.
' Each passes its arguments in order to the Python function of the same name in
' wres_xl.udfs; an optional argument left out arrives as missing and takes the Python
' default. Keep names and argument order in step with wres_xl/udfs.py:
' tests/test_addin.py checks them against SPEC section 6 and the Python signatures.
' Excel.Range is spelled out because WRES_REDACT has an argument called range.
' xlwings runs worksheet functions only in Excel for Windows, so on a Mac each function
' says so in the cell instead of showing a technical error.
Option Explicit

Private Const WRES_ON_MAC As String = "WRES: worksheet functions need Excel for Windows. " & _
    "On a Mac, use the Refresh button on the WRES tab."

Function WRES_RL(indicator, white_events, white_total, bme_events, bme_total)
    #If Mac Then
        WRES_RL = WRES_ON_MAC
        Exit Function
    #End If
    If TypeOf Application.Caller Is Excel.Range Then On Error GoTo failed
    WRES_RL = XLPy.CallUDF("wres_xl.udfs", "WRES_RL", Array(indicator, white_events, white_total, bme_events, bme_total), ActiveWorkbook, Application.Caller)
    Exit Function
failed:
    WRES_RL = Err.Description
End Function

Function WRES_CI(indicator, white_events, white_total, bme_events, bme_total, Optional level)
    #If Mac Then
        WRES_CI = WRES_ON_MAC
        Exit Function
    #End If
    If TypeOf Application.Caller Is Excel.Range Then On Error GoTo failed
    WRES_CI = XLPy.CallUDF("wres_xl.udfs", "WRES_CI", Array(indicator, white_events, white_total, bme_events, bme_total, level), ActiveWorkbook, Application.Caller)
    Exit Function
failed:
    WRES_CI = Err.Description
End Function

Function WRES_PVALUE(white_events, white_total, bme_events, bme_total)
    #If Mac Then
        WRES_PVALUE = WRES_ON_MAC
        Exit Function
    #End If
    If TypeOf Application.Caller Is Excel.Range Then On Error GoTo failed
    WRES_PVALUE = XLPy.CallUDF("wres_xl.udfs", "WRES_PVALUE", Array(white_events, white_total, bme_events, bme_total), ActiveWorkbook, Application.Caller)
    Exit Function
failed:
    WRES_PVALUE = Err.Description
End Function

Function WRES_RATING(indicator, white_events, white_total, bme_events, bme_total)
    #If Mac Then
        WRES_RATING = WRES_ON_MAC
        Exit Function
    #End If
    If TypeOf Application.Caller Is Excel.Range Then On Error GoTo failed
    WRES_RATING = XLPy.CallUDF("wres_xl.udfs", "WRES_RATING", Array(indicator, white_events, white_total, bme_events, bme_total), ActiveWorkbook, Application.Caller)
    Exit Function
failed:
    WRES_RATING = Err.Description
End Function

Function WRES_FOURFIFTHS(rl)
    #If Mac Then
        WRES_FOURFIFTHS = WRES_ON_MAC
        Exit Function
    #End If
    If TypeOf Application.Caller Is Excel.Range Then On Error GoTo failed
    WRES_FOURFIFTHS = XLPy.CallUDF("wres_xl.udfs", "WRES_FOURFIFTHS", Array(rl), ActiveWorkbook, Application.Caller)
    Exit Function
failed:
    WRES_FOURFIFTHS = Err.Description
End Function

Function WRES_EVENTS(percent, respondents)
    #If Mac Then
        WRES_EVENTS = WRES_ON_MAC
        Exit Function
    #End If
    If TypeOf Application.Caller Is Excel.Range Then On Error GoTo failed
    WRES_EVENTS = XLPy.CallUDF("wres_xl.udfs", "WRES_EVENTS", Array(percent, respondents), ActiveWorkbook, Application.Caller)
    Exit Function
failed:
    WRES_EVENTS = Err.Description
End Function

Function WRES_BOARD_GAP(board_bme, board_total, workforce_bme, workforce_total)
    #If Mac Then
        WRES_BOARD_GAP = WRES_ON_MAC
        Exit Function
    #End If
    If TypeOf Application.Caller Is Excel.Range Then On Error GoTo failed
    WRES_BOARD_GAP = XLPy.CallUDF("wres_xl.udfs", "WRES_BOARD_GAP", Array(board_bme, board_total, workforce_bme, workforce_total), ActiveWorkbook, Application.Caller)
    Exit Function
failed:
    WRES_BOARD_GAP = Err.Description
End Function

Function WRES_GROUP(ethnic_origin)
    #If Mac Then
        WRES_GROUP = WRES_ON_MAC
        Exit Function
    #End If
    If TypeOf Application.Caller Is Excel.Range Then On Error GoTo failed
    WRES_GROUP = XLPy.CallUDF("wres_xl.udfs", "WRES_GROUP", Array(ethnic_origin), ActiveWorkbook, Application.Caller)
    Exit Function
failed:
    WRES_GROUP = Err.Description
End Function

Function WRES_BAND(band_text)
    #If Mac Then
        WRES_BAND = WRES_ON_MAC
        Exit Function
    #End If
    If TypeOf Application.Caller Is Excel.Range Then On Error GoTo failed
    WRES_BAND = XLPy.CallUDF("wres_xl.udfs", "WRES_BAND", Array(band_text), ActiveWorkbook, Application.Caller)
    Exit Function
failed:
    WRES_BAND = Err.Description
End Function

Function WRES_REDACT(range, Optional hide_up_to)
    #If Mac Then
        WRES_REDACT = WRES_ON_MAC
        Exit Function
    #End If
    If TypeOf Application.Caller Is Excel.Range Then On Error GoTo failed
    WRES_REDACT = XLPy.CallUDF("wres_xl.udfs", "WRES_REDACT", Array(range, hide_up_to), ActiveWorkbook, Application.Caller)
    Exit Function
failed:
    WRES_REDACT = Err.Description
End Function

Function WRES_NARRATIVE(indicator, white_events, white_total, bme_events, bme_total, Optional term)
    #If Mac Then
        WRES_NARRATIVE = WRES_ON_MAC
        Exit Function
    #End If
    If TypeOf Application.Caller Is Excel.Range Then On Error GoTo failed
    WRES_NARRATIVE = XLPy.CallUDF("wres_xl.udfs", "WRES_NARRATIVE", Array(indicator, white_events, white_total, bme_events, bme_total, term), ActiveWorkbook, Application.Caller)
    Exit Function
failed:
    WRES_NARRATIVE = Err.Description
End Function

Function WRES_SURVEY_NARRATIVE(indicator, white_percent, white_respondents, bme_percent, bme_respondents, Optional term)
    #If Mac Then
        WRES_SURVEY_NARRATIVE = WRES_ON_MAC
        Exit Function
    #End If
    If TypeOf Application.Caller Is Excel.Range Then On Error GoTo failed
    WRES_SURVEY_NARRATIVE = XLPy.CallUDF("wres_xl.udfs", "WRES_SURVEY_NARRATIVE", Array(indicator, white_percent, white_respondents, bme_percent, bme_respondents, term), ActiveWorkbook, Application.Caller)
    Exit Function
failed:
    WRES_SURVEY_NARRATIVE = Err.Description
End Function
